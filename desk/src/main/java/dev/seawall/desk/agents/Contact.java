package dev.seawall.desk.agents;

import dev.seawall.desk.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a customer's notices and policy mail go: its active designated agent, else its abuse
 * contact, else (for a reseller's customer without one) the nearest reseller's.
 *
 * @param via how the address was found, for the delivery record
 */
public record Contact(String address, String name, String via) {

  public static Optional<Contact> of(Connection c, String customer) throws SQLException {
    String code = customer;
    for (int depth = 0; code != null && depth < 16; depth++) {
      Optional<DesignatedAgent> agent = DesignatedAgents.forCustomer(c, code);
      String label = depth == 0 ? "" : "reseller " + code + "'s ";
      if (agent.isPresent()) return Optional.of(new Contact(agent.get().email(), agent.get().agentName(), label + "designated agent"));
      Optional<String[]> row = Jdbc.one(c, "SELECT cu.name, cu.abuse_contact, r.code FROM customer cu LEFT JOIN customer r ON r.id = cu.reseller_id"
          + " WHERE cu.code = ?", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, code);
      if (row.isEmpty()) return Optional.empty();
      String[] r = row.get();
      if (r[1] != null && !r[1].isBlank()) return Optional.of(new Contact(r[1].strip(), r[0] != null ? r[0] : code, label + "abuse contact"));
      code = r[2];
    }
    return Optional.empty();
  }

  /** The customer's display name (or its code). */
  public static String name(Connection c, String customer) throws SQLException {
    return Jdbc.one(c, "SELECT name FROM customer WHERE code = ?", rs -> rs.getString(1), customer).filter(n -> n != null && !n.isBlank())
        .orElse(customer);
  }
}
