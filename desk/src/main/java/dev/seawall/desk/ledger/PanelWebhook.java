package dev.seawall.desk.ledger;

import dev.seawall.desk.workflow.WorkflowConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells the operator's billing/customer panel to suspend, unsuspend, terminate or reinstate an
 * account: an HTTP POST of a JSON body to the configured URL. With a secret, the body is signed:
 * {@code X-Seawall-Signature: sha256=<hex HMAC-SHA256(secret, body)>}; {@code Idempotency-Key}
 * carries the ledger action id so that a retried POST can be recognised. Any 2xx is success.
 */
public final class PanelWebhook {
  private final WorkflowConfig.Panel panel;
  private final HttpClient http;

  public PanelWebhook(WorkflowConfig.Panel panel) {
    this.panel = panel;
    this.http = HttpClient.newBuilder().connectTimeout(panel.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The panel's answer: its HTTP status and the first part of its body. */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  public Answer post(long actionId, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(panel.url()).timeout(panel.timeout())
        .header("Content-Type", "application/json").header("Idempotency-Key", "seawall-ledger-action-" + actionId)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (panel.secret() != null) b.header("X-Seawall-Signature", "sha256=" + sign(panel.secret(), json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String body = r.body() == null ? "" : r.body().strip();
    return new Answer(r.statusCode(), body.length() > 200 ? body.substring(0, 200) + "…" : body);
  }

  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public String target() {
    return panel.url().toString();
  }
}
