/**
 * The notice workflow (part 2 of the desk), plain Java services over the desk's database:
 * {@code cases} (notices grouped per customer service), {@code forward} (the outbox: forwards,
 * acknowledgements, rejections, alerts, by SMTP with retries and delivery records), {@code ledger}
 * (repeat-infringer strikes, policy, actions), {@code counter} (§512(g) counter-notices and
 * business-day timers), {@code orders} (court orders, four-eyes approval, published blocklist),
 * {@code report} (transparency reports), {@code audit} (who did what).
 */
package dev.seawall.desk.workflow;
