package dev.seawall.desk.store;

import dev.seawall.desk.net.Prefix;
import dev.seawall.desk.registry.Assignment;
import dev.seawall.desk.registry.Customer;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.registry.ServiceKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers, services and their time-versioned assignments. Importing the same rows twice changes
 * nothing; a new lease is a new row, and a lease's end is recorded by importing its valid_until.
 */
public final class RegistryStore {
  private final Database db;

  public RegistryStore(Database db) {
    this.db = db;
  }

  public record ImportCounts(int customers, int services, int assignmentsAdded, int assignmentsUpdated, int unchanged) {}

  public ImportCounts importRows(List<Customer> customers, List<Assignment> assignments) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        Map<String, Long> customerIds = new HashMap<>();
        int newCustomers = 0;
        for (Customer cu : customers) {
          Long id = idOf(c, "SELECT id FROM customer WHERE code = ?", cu.code());
          if (id == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer (code, name, abuse_contact) VALUES (?,?,?)", new String[] {"id"})) {
              ps.setString(1, cu.code());
              ps.setString(2, cu.name());
              ps.setString(3, cu.abuseContact());
              ps.executeUpdate();
              try (ResultSet k = ps.getGeneratedKeys()) { k.next(); id = k.getLong(1); }
            }
            newCustomers++;
          } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET name = COALESCE(?, name), abuse_contact = COALESCE(?, abuse_contact) WHERE id = ?")) {
              ps.setString(1, cu.name());
              ps.setString(2, cu.abuseContact());
              ps.setLong(3, id);
              ps.executeUpdate();
            }
          }
          customerIds.put(cu.code(), id);
        }
        for (Customer cu : customers) {
          if (cu.reseller() == null) continue;
          Long parent = customerIds.containsKey(cu.reseller()) ? customerIds.get(cu.reseller())
              : idOf(c, "SELECT id FROM customer WHERE code = ?", cu.reseller());
          if (parent == null) throw new SQLException("customer " + cu.code() + ": reseller '" + cu.reseller() + "' is not in the registry");
          try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET reseller_id = ? WHERE id = ?")) {
            ps.setLong(1, parent);
            ps.setLong(2, customerIds.get(cu.code()));
            ps.executeUpdate();
          }
        }
        int newServices = 0, added = 0, updated = 0, same = 0;
        Map<String, Long> serviceIds = new HashMap<>();
        for (Assignment a : assignments) {
          long customerId = customerIds.get(a.customer());
          String key = a.customer() + "\u0000" + a.service();
          Long sid = serviceIds.get(key);
          if (sid == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, kind FROM service WHERE customer_id = ? AND code = ?")) {
              ps.setLong(1, customerId);
              ps.setString(2, a.service());
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  sid = rs.getLong(1);
                  if (!rs.getString(2).equals(a.kind().name())) {
                    throw new SQLException("service " + a.customer() + "/" + a.service() + " is " + rs.getString(2) + ", not " + a.kind());
                  }
                }
              }
            }
            if (sid == null) {
              try (PreparedStatement ps = c.prepareStatement("INSERT INTO service (customer_id, code, kind) VALUES (?,?,?)", new String[] {"id"})) {
                ps.setLong(1, customerId);
                ps.setString(2, a.service());
                ps.setString(3, a.kind().name());
                ps.executeUpdate();
                try (ResultSet k = ps.getGeneratedKeys()) { k.next(); sid = k.getLong(1); }
              }
              newServices++;
            }
            serviceIds.put(key, sid);
          }
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT id, valid_until FROM assignment WHERE service_id = ? AND resource = ? AND port_from = ? AND valid_from = ?")) {
            ps.setLong(1, sid);
            ps.setString(2, a.resource());
            ps.setInt(3, a.portFrom());
            NoticeStore.setTime(ps, 4, a.validFrom());
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                long id = rs.getLong(1);
                java.time.Instant until = NoticeStore.time(rs, "valid_until");
                if (java.util.Objects.equals(until, a.validUntil())) {
                  same++;
                } else {
                  try (PreparedStatement up = c.prepareStatement("UPDATE assignment SET valid_until = ?, port_to = ?, origin_ip = ? WHERE id = ?")) {
                    NoticeStore.setTime(up, 1, a.validUntil());
                    up.setInt(2, a.portTo());
                    up.setString(3, a.originIp());
                    up.setLong(4, id);
                    up.executeUpdate();
                  }
                  updated++;
                }
                continue;
              }
            }
          }
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO assignment (service_id, resource, port_from, port_to,"
              + " origin_ip, valid_from, valid_until) VALUES (?,?,?,?,?,?,?)")) {
            ps.setLong(1, sid);
            ps.setString(2, a.resource());
            ps.setInt(3, a.portFrom());
            ps.setInt(4, a.portTo());
            ps.setString(5, a.originIp());
            NoticeStore.setTime(ps, 6, a.validFrom());
            NoticeStore.setTime(ps, 7, a.validUntil());
            ps.executeUpdate();
          }
          added++;
        }
        c.commit();
        return new ImportCounts(newCustomers, newServices, added, updated, same);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Long idOf(Connection c, String sql, String code) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, code);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** The whole registry, for matching. */
  public Registry load() throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      Map<Long, String> codes = new HashMap<>();
      List<Object[]> raw = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT id, code, name, reseller_id, abuse_contact FROM customer")) {
        while (rs.next()) {
          codes.put(rs.getLong(1), rs.getString(2));
          raw.add(new Object[] {rs.getString(2), rs.getString(3), rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5)});
        }
      }
      List<Customer> customers = new ArrayList<>();
      for (Object[] r : raw) customers.add(new Customer((String) r[0], (String) r[1], r[2] == null ? null : codes.get((Long) r[2]), (String) r[3]));
      List<Assignment> assignments = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT c.code AS customer, s.code AS service, s.kind, a.resource, a.port_from,"
          + " a.port_to, a.origin_ip, a.valid_from, a.valid_until FROM assignment a JOIN service s ON s.id = a.service_id"
          + " JOIN customer c ON c.id = s.customer_id")) {
        while (rs.next()) {
          ServiceKind kind = ServiceKind.valueOf(rs.getString("kind"));
          String resource = rs.getString("resource");
          Prefix prefix = kind == ServiceKind.CDN_ZONE ? null : Prefix.parse(resource).orElseThrow(
              () -> new SQLException("stored assignment has a bad prefix: " + resource));
          assignments.add(new Assignment(rs.getString("customer"), rs.getString("service"), kind, prefix,
              kind == ServiceKind.CDN_ZONE ? resource : null, rs.getInt("port_from"), rs.getInt("port_to"),
              rs.getString("origin_ip"), NoticeStore.time(rs, "valid_from"), NoticeStore.time(rs, "valid_until")));
        }
      }
      return new Registry(customers, assignments);
    } catch (RuntimeException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }
}
