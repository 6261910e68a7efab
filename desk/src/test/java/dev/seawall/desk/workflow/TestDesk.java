package dev.seawall.desk.workflow;

import dev.seawall.desk.registry.RegistryCsv;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.RegistryStore;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configuration and registry for workflow tests. */
public final class TestDesk {
  private TestDesk() {}

  /** The ladder the tests use: warn at 1, acknowledgement at 3, suspend at 4, null-route (dedicated) at 5, terminate at 6. */
  public static final String POLICY = """
      {
        "name": "Example Hosting repeat-infringer policy",
        "version": "2026-01",
        "publishedAt": "https://isp.example/legal/repeat-infringers",
        "strikeLifetime": "365d",
        "counts": ["complete", "repairable"],
        "rules": [
          {"name": "warn", "strikes": 1, "window": "365d", "action": "warn"},
          {"name": "acknowledge", "strikes": 3, "window": "180d", "action": "require-acknowledgement"},
          {"name": "suspend", "strikes": 4, "window": "180d", "action": "suspend", "duration": "7d"},
          {"name": "null-route", "strikes": 5, "window": "180d", "action": "null-route", "duration": "3d", "kinds": ["dedicated"]},
          {"name": "terminate", "strikes": 6, "window": "365d", "action": "terminate"}
        ]
      }
      """;

  public static final String REGISTRY = """
      customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until
      acme,Acme Hosting Customer,,noc@acme.example,srv-1,dedicated,198.51.100.0/28,,,2020-01-01,
      vpnco,VPN Co,,abuse@vpnco.example,exit-nyc,vpn-exit,203.0.113.16/28,,,2020-01-01,
      quiet,Quiet Ltd,,,srv-9,dedicated,198.51.100.64/28,,,2020-01-01,
      """;

  /** A configuration with the SMTP server at {@code smtpPort} on loopback and the policy written to {@code dir}. */
  public static WorkflowConfig config(Path dir, int smtpPort, String extraJson) throws Exception {
    Files.writeString(dir.resolve("policy.json"), POLICY);
    String json = """
        {
          "operator": {"name": "Example Hosting", "address": "abuse@isp.example", "alertsTo": "desk-ops@isp.example"},
          "smtp": {"host": "127.0.0.1", "port": %d, "timeout": "10s"},
          "forwardSla": {"dedicated": "2h", "vpn-exit": "24h", "socks5": "24h", "cdn-zone": "4h"},
          "retry": {"maxAttempts": 3, "firstDelay": "1m", "maxDelay": "10m"},
          "policy": "policy.json"%s
        }
        """.formatted(smtpPort, extraJson == null ? "" : ",\n" + extraJson);
    return WorkflowConfig.parse(json, "test-desk.json", dir, Map.of());
  }

  public static void registry(Database db) throws Exception {
    var rows = RegistryCsv.read(new StringReader(REGISTRY), "registry.csv");
    if (!rows.errors().isEmpty()) throw new IllegalStateException(rows.errors().toString());
    new RegistryStore(db).importRows(rows.customers(), rows.assignments());
  }
}
