package dev.seawall.desk.api;

/**
 * A request the desk answers with an error: the status, a message for a person, and the field
 * (body property, query or path parameter) that was wrong when there is one. Thrown by handlers,
 * turned into {@code {"status":…,"error":…,"message":…,"field":…}} by the server.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String field;

  public ApiError(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  /** The offending field, or null. */
  public String field() {
    return field;
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, message, field);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, message, null);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, message, null);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message, null);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, message, null);
  }

  public static ApiError conflict(String field, String message) {
    return new ApiError(409, message, field);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, message, null);
  }

  /** The part of the desk an operation needs is not configured on this instance. */
  public static ApiError workflowMissing() {
    return unavailable("the notice workflow is not configured on this desk (set workflow = desk.json in its configuration)");
  }

  public static ApiError badGateway(String message) {
    return new ApiError(502, message, null);
  }
}
