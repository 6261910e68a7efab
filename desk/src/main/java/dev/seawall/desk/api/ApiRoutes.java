package dev.seawall.desk.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Set;

/** Registers API operations with their {@link ApiDoc}, which the access check and the OpenAPI document read. */
public final class ApiRoutes {
  private final RoutesConfig routes;

  public ApiRoutes(RoutesConfig routes) {
    this.routes = routes;
  }

  public void get(String path, ApiDoc doc, Handler h) {
    add(HandlerType.GET, path, doc, h);
  }

  public void post(String path, ApiDoc doc, Handler h) {
    add(HandlerType.POST, path, doc, h);
  }

  public void put(String path, ApiDoc doc, Handler h) {
    add(HandlerType.PUT, path, doc, h);
  }

  public void delete(String path, ApiDoc doc, Handler h) {
    add(HandlerType.DELETE, path, doc, h);
  }

  private void add(HandlerType method, String path, ApiDoc doc, Handler h) {
    routes.addEndpoint(new Endpoint(method, path, h, Set.of(doc)));
  }
}
