package dev.seawall.desk.store;

/** Storage on a real PostgreSQL server (Debian's package, started by the test). */
class PostgresStoreTest extends StoreContract {
  @Override
  String freshUrl() throws Exception {
    return TestPostgres.newDatabase();
  }
}
