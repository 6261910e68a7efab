package dev.seawall.desk.forward;

/** Why the desk sends a mail. */
public enum Purpose {
  /** A notice forwarded to the matched customer's DMCA agent or abuse contact, original attached. */
  FORWARD,
  /** ACNS NoticeAck to the sender: the address is a shared exit, no user logs, BitTorrent blocked there. */
  SHARED_EXIT_ACK,
  /** ACNS NoticeAck Accepted=false to the sender: not our address (IP_OUT_OF_RANGE) or not attributable. */
  REJECTION,
  /** Repeat-infringer policy: a warning to the customer. */
  WARNING,
  /** Repeat-infringer policy: the customer must acknowledge the policy before the desk records it. */
  ACK_REQUEST,
  /** Repeat-infringer policy: the account is suspended or terminated. */
  SANCTION_NOTICE,
  /** §512(g): copy of a counter-notice to the complainant, with the restoration date. */
  COUNTER_NOTICE_COPY,
  /** §512(g): the material may be restored (to the customer). */
  RESTORATION_NOTICE,
  /** To the desk's operators: forwards past their SLA. */
  OVERDUE_ALERT,
  /** To the desk's operators: a designated-agent registration is due for renewal. */
  AGENT_RENEWAL_REMINDER
}
