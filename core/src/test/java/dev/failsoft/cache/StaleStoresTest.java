package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleStoresTest {

  @Test
  void memoryOpensACaffeineStoreOfTheGivenSize() {
    StaleStore store = StaleStores.open("memory", Map.of(StaleStores.MEMORY_BYTES, "1048576"));
    assertThat(store).isInstanceOf(CaffeineStaleStore.class);
    StoredResponse e = Fixtures.stored("Cache-Control", "max-age=60");
    assertThat(store.put(e, java.time.Duration.ofMinutes(1))).isTrue();
    assertThat(store.get(e.key(), Fixtures.get())).contains(e);
  }

  @Test
  void aRegisteredSchemeIsOpenedByItsFactoryWithTheOptions() {
    StaleStore store = StaleStores.open("test-store://x", Map.of("colour", "blue"));
    assertThat(store).isInstanceOf(TestStoreFactory.Opened.class);
    assertThat(((TestStoreFactory.Opened) store).options()).containsEntry("colour", "blue");
  }

  @Test
  void aRedisLocationWithoutTheModuleNamesTheModuleAndHidesThePassword() {
    assertThatThrownBy(() -> StaleStores.open("redis://app:s3cret@cache:6379/0", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "store: redis://***@cache:6379/0 (expected: dev.failsoft:failsoft-store-redis on the"
                + " classpath to open redis locations)");
  }

  @Test
  void anUnknownSchemeListsTheKnownOnes() {
    assertThatThrownBy(() -> StaleStores.open("ftp://x", Map.of()))
        .hasMessage("store: ftp://x (expected: one of memory, test-store)");
  }

  @Test
  void aLocationWithoutSchemeIsRefusedInOneLine() {
    assertThatThrownBy(() -> StaleStores.open("cache:", Map.of()))
        .hasMessage("store: cache: (expected: one of memory, test-store)");
    assertThatThrownBy(() -> StaleStores.open("nowhere", Map.of()))
        .hasMessage("store: nowhere (expected: memory, or a URI such as redis://HOST:PORT/DB)");
  }

  @Test
  void memoryRefusesAKeyFileAndABadSize() {
    assertThatThrownBy(() -> StaleStores.open("memory", Map.of(StaleStores.KEY_FILE, "/k")))
        .hasMessageStartingWith("key-file: given for store memory");
    assertThatThrownBy(() -> StaleStores.open("memory", Map.of(StaleStores.MEMORY_BYTES, "-1")))
        .hasMessage("memory-bytes: -1 (expected: bytes > 0)");
  }
}
