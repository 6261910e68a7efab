package dev.seawall.desk.api;

import dev.seawall.desk.audit.Role;
import io.javalin.router.EndpointMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * What an API operation is, attached to its route: the OpenAPI document is generated from these
 * and the routes themselves, so the two cannot drift apart; the access check reads {@link #role}.
 *
 * @param role who may call it; null for a public operation
 * @param request the schema name (in {@code openapi-components.json}) of the JSON body, or a media
 *     type such as {@code text/csv} for a raw body, or null
 * @param response the schema name of the success body, or a media type, or null for no body
 * @param status the success status
 * @param errors the error statuses the operation may answer besides 401/403 (which every
 *     authenticated operation may)
 */
public record ApiDoc(
    String tag, String summary, String description, Role role, List<Param> params, String request, String response,
    int status, List<Integer> errors) implements EndpointMetadata {

  /** A query or path parameter. */
  public record Param(String name, String in, String type, boolean required, String description) {}

  public ApiDoc {
    params = List.copyOf(params);
    errors = List.copyOf(errors);
  }

  public static ApiDoc of(String tag, String summary, Role role) {
    return new ApiDoc(tag, summary, null, role, List.of(), null, null, 200, List.of());
  }

  public ApiDoc describe(String text) {
    return new ApiDoc(tag, summary, text, role, params, request, response, status, errors);
  }

  public ApiDoc query(String name, String type, String description) {
    return param(new Param(name, "query", type, false, description));
  }

  public ApiDoc requiredQuery(String name, String type, String description) {
    return param(new Param(name, "query", type, true, description));
  }

  public ApiDoc path(String name, String type, String description) {
    return param(new Param(name, "path", type, true, description));
  }

  private ApiDoc param(Param p) {
    List<Param> ps = new ArrayList<>(params);
    ps.add(p);
    return new ApiDoc(tag, summary, description, role, ps, request, response, status, errors);
  }

  public ApiDoc request(String schemaOrMediaType) {
    return new ApiDoc(tag, summary, description, role, params, schemaOrMediaType, response, status, errors);
  }

  public ApiDoc response(String schemaOrMediaType) {
    return new ApiDoc(tag, summary, description, role, params, request, schemaOrMediaType, status, errors);
  }

  public ApiDoc status(int code) {
    return new ApiDoc(tag, summary, description, role, params, request, response, code, errors);
  }

  public ApiDoc errors(Integer... codes) {
    List<Integer> e = new ArrayList<>(errors);
    e.addAll(List.of(codes));
    return new ApiDoc(tag, summary, description, role, params, request, response, status, e);
  }

  static boolean isMediaType(String s) {
    return s != null && s.contains("/");
  }
}
