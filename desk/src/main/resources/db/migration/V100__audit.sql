-- Notice desk, part 2: the audit log. Append-only: the desk never updates or deletes a row.
-- Each row carries a SHA-256 chained over the previous row's hash, so a changed or removed row
-- is detectable (AuditLog.verify). audit_head holds the chain's end; appends lock it, which
-- also serialises appends from several desk instances sharing one database.
-- Versions 100+ belong to the workflow (part 1 numbers from 1).

CREATE TABLE audit_entry (
  id          BIGINT       NOT NULL PRIMARY KEY,   -- 1, 2, 3 … in chain order
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  actor       VARCHAR(200) NOT NULL,               -- user id, or system:<component>
  role        VARCHAR(16)  NOT NULL,               -- VIEWER | HANDLER | APPROVER | ADMIN
  action      VARCHAR(100) NOT NULL,               -- e.g. case.close, ledger.reinstate, order.approve
  subject     VARCHAR(300) NOT NULL,               -- type:id, e.g. case:42, customer:acme
  reason      VARCHAR,
  notice_ids  VARCHAR,                             -- comma-separated notice ids the action rests on
  detail      VARCHAR,
  prev_hash   CHAR(64)     NOT NULL,
  hash        CHAR(64)     NOT NULL
);
CREATE INDEX audit_subject ON audit_entry (subject);
CREATE INDEX audit_at ON audit_entry (at);

-- which notices each entry rests on, for "everything done because of notice N"
CREATE TABLE audit_notice (
  entry_id  BIGINT NOT NULL REFERENCES audit_entry(id),
  notice_id BIGINT NOT NULL,
  CONSTRAINT audit_notice_pk PRIMARY KEY (entry_id, notice_id)
);
CREATE INDEX audit_notice_by_notice ON audit_notice (notice_id);

CREATE TABLE audit_head (
  id        INT      NOT NULL PRIMARY KEY,
  last_id   BIGINT   NOT NULL,
  last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
