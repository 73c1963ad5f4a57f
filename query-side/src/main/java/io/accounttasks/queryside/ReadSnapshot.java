package io.accounttasks.queryside;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * A list answers a page and the total; read in one repeatable-read snapshot, the two agree even while the
 * projector commits between them. Single reads need no transaction (and a read-your-writes wait must not
 * hold one).
 */
@Component
public class ReadSnapshot {

    private final TransactionTemplate template;

    ReadSnapshot(PlatformTransactionManager transactions) {
        template = new TransactionTemplate(transactions);
        template.setReadOnly(true);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public <T> T read(Supplier<T> reads) {
        return template.execute(status -> reads.get());
    }
}
