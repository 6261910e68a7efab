/**
 * Who did what at the desk. {@link dev.seawall.desk.audit.Actor} (user id + {@link
 * dev.seawall.desk.audit.Role}) is passed to every service method that writes; the services check
 * the role ({@link dev.seawall.desk.audit.PermissionDenied}) and append to the {@link
 * dev.seawall.desk.audit.AuditLog} in the same transaction as the write. The web layer appends its
 * own writes (logins, registry imports) with {@code AuditLog.append(actor, …)}.
 *
 * <p>Errors, for every workflow service: bad input {@link IllegalArgumentException} (message names
 * the field), unknown id {@link java.util.NoSuchElementException}, a change that does not fit the
 * current state {@link IllegalStateException}, missing role or a four-eyes rule {@link
 * dev.seawall.desk.audit.PermissionDenied}, database trouble {@link java.sql.SQLException}.
 */
package dev.seawall.desk.audit;
