package dev.seawall.desk.ledger;

import java.time.Instant;

/**
 * A party's ledger page header.
 *
 * @param activeStrikes strikes not expired now
 * @param totalStrikes  every strike ever counted (expired ones included: nothing is reset)
 * @param since         when the standing began; {@code until} when a suspension ends (else null)
 */
public record PartyStatus(Party party, Standing standing, Instant since, Instant until, long activeStrikes,
    long totalStrikes, Instant lastStrike) {}
