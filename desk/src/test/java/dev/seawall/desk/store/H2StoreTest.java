package dev.seawall.desk.store;

/** Storage on the embedded database, in a file as in production. */
class H2StoreTest extends StoreContract {
  private int n;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + tmp.resolve("desk" + (++n)).toAbsolutePath();
  }
}
