package dev.seawall.desk.orders;

/** A court order's life at the desk. Only APPROVED orders inside their dates are published. */
public enum OrderState {
  /** Entered by one user; needs an approver who is not the creator. */
  PENDING_APPROVAL,
  APPROVED,
  /** The approver refused it (with a reason); never published. */
  REJECTED,
  /** Withdrawn after approval (order lifted, set aside, superseded), with a reason. */
  REVOKED
}
