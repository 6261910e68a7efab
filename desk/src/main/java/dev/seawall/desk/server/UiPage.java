package dev.seawall.desk.server;

import dev.seawall.desk.audit.Role;
import io.javalin.router.EndpointMetadata;

/** Marks a dashboard route and the role it needs; without a session the browser is sent to the login page. */
public record UiPage(Role role) implements EndpointMetadata {}
