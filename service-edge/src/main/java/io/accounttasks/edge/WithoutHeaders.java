package io.accounttasks.edge;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.http.HttpHeaders;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request as if it had come without some headers: for a filter that sets aside a header the code after it
 * must not read (a malformed trace context, a wildcard content type), without refusing the request.
 */
public final class WithoutHeaders extends HttpServletRequestWrapper {

    private final Set<String> hidden = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public WithoutHeaders(HttpServletRequest request, String... names) {
        super(request);
        hidden.addAll(Set.of(names));
    }

    @Override
    public String getHeader(String name) {
        return hidden.contains(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden.contains(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                .filter(name -> !hidden.contains(name)).toList());
    }

    @Override
    public String getContentType() {
        return hidden.contains(HttpHeaders.CONTENT_TYPE) ? null : super.getContentType();
    }
}
