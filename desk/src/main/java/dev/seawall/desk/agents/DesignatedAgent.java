package dev.seawall.desk.agents;

import java.time.LocalDate;

/**
 * A DMCA designated agent (§512(c)(2), 37 CFR 201.38): the operator's own ({@code customer} null)
 * or a customer's, to whom that customer's notices are forwarded. A designation expires three
 * years after it was last filed unless renewed.
 *
 * @param remindedFor the expiry date the last renewal reminder was about
 */
public record DesignatedAgent(
    long id, String entity, String customer, String agentName, String email, String address, String phone,
    String registrationNumber, LocalDate registeredOn, LocalDate renewedOn, LocalDate remindedFor, boolean active) {

  public static final int RENEWAL_YEARS = 3;

  public LocalDate lastFiled() {
    return renewedOn != null ? renewedOn : registeredOn;
  }

  public LocalDate expires() {
    return lastFiled().plusYears(RENEWAL_YEARS);
  }
}
