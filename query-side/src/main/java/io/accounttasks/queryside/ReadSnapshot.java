package io.accounttasks.queryside;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * A list answers a page and the total; read in one repeatable-read snapshot, the two agree even while a write
 * commits between them. Single reads need no transaction.
 */
@Component
public class ReadSnapshot {

    private final TransactionTemplate template;
    private final JdbcTemplate jdbc;

    ReadSnapshot(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
        template = new TransactionTemplate(transactions);
        template.setReadOnly(true);
        this.jdbc = jdbc;
    }

    public <T> T read(Supplier<T> reads) {
        return template.execute(status -> {
            // Said in the transaction, which goes out with it: Spring's own isolation setting asks the connection
            // for its level and sets it back after, two more round trips per list (docs/BENCHMARKS.md, step 22).
            jdbc.execute("set transaction isolation level repeatable read");
            return reads.get();
        });
    }
}
