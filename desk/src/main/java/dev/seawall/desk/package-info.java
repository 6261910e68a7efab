/**
 * The notice desk: takes in copyright notices in every format real senders use, turns each into
 * infringement events, and says who held the address at that moment.
 *
 * <p>Flow: {@code intake} (files, folders, mbox, IMAP, spreadsheets) → {@code parse} (one parser per
 * format family behind {@link dev.seawall.desk.parse.NoticeParser}) → {@code event} (the canonical
 * event and its flags) → {@code validity} (§512(c)(3) check) → {@code store} (H2 or PostgreSQL,
 * Flyway schema) → {@code registry} + {@code match} (time-versioned assignments, IP/port/time
 * matching). {@code cli} holds the picocli commands. Nothing here depends on the packet engine.
 */
package dev.seawall.desk;
