package dev.seawall.desk.registry;

/** A customer; {@code reseller} is the code of the customer it buys from, or null. */
public record Customer(String code, String name, String reseller, String abuseContact) {}
