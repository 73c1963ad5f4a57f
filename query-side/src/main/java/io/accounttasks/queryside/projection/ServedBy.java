package io.accounttasks.queryside.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read endpoint with the projection whose tables answer it: while that projection replays, the answer
 * carries {@code X-Projection-Rebuilding: <name>}, since it may be incomplete.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ServedBy {

    String value();
}
