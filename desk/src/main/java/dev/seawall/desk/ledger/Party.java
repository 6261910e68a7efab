package dev.seawall.desk.ledger;

/**
 * Whom strikes count against: a customer as a whole ({@code subscriber} null), or one subscriber
 * of a customer where the customer reported which subscriber it was.
 */
public record Party(String customer, String subscriber) {
  public Party {
    if (customer == null || customer.isBlank()) throw new IllegalArgumentException("a party needs a customer");
    if (subscriber != null && subscriber.isBlank()) subscriber = null;
  }

  public static Party customer(String code) {
    return new Party(code, null);
  }

  @Override
  public String toString() {
    return subscriber == null ? customer : customer + "/" + subscriber;
  }
}
