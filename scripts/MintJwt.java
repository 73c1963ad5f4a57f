import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints an HS256 JWT that every service accepts, for local use and for the README's curl examples.
 * <p>
 * Usage: {@code java scripts/MintJwt.java <userId> <orgId> [ttlSeconds]} (a single-file program: no build, no
 * dependencies). Claims: {@code sub} = the user (USR_…), {@code org} = the organization (ORG_…), {@code iat},
 * {@code exp} = now + ttl (default 30 days). The key is {@code TASKS_JWT_SECRET} as UTF-8 bytes, exactly as the
 * services read it (default: the documented local secret). Prints only the token, so that
 * {@code TOKEN=$(java scripts/MintJwt.java …)} works.
 */
public final class MintJwt {

    static final String LOCAL_SECRET = "local-dev-jwt-secret-change-me-0123456789";
    static final long DEFAULT_TTL_SECONDS = 30L * 24 * 60 * 60;
    // The contract's id form: a prefix and a 26-character ULID. Checked so that nothing odd lands in the JSON.
    static final Pattern USER_ID = Pattern.compile("USR_[0-9A-Za-z]{26}");
    static final Pattern ORG_ID = Pattern.compile("ORG_[0-9A-Za-z]{26}");

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            fail("usage: java scripts/MintJwt.java <userId USR_…> <orgId ORG_…> [ttlSeconds]");
        }
        String userId = args[0];
        String orgId = args[1];
        if (!USER_ID.matcher(userId).matches()) {
            fail("not a user id (USR_ + 26 characters): " + userId);
        }
        if (!ORG_ID.matcher(orgId).matches()) {
            fail("not an organization id (ORG_ + 26 characters): " + orgId);
        }
        long ttl = DEFAULT_TTL_SECONDS;
        if (args.length == 3) {
            try {
                ttl = Long.parseLong(args[2]);
            } catch (NumberFormatException e) {
                ttl = -1;
            }
            if (ttl <= 0) {
                fail("ttlSeconds must be a positive number: " + args[2]);
            }
        }
        String secret = System.getenv().getOrDefault("TASKS_JWT_SECRET", LOCAL_SECRET);
        if (secret.isEmpty()) {
            secret = LOCAL_SECRET;
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            // The services refuse such a key for HS256, so a token signed with it would never be accepted.
            fail("TASKS_JWT_SECRET must be at least 32 bytes for HS256");
        }

        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":\"" + userId + "\",\"org\":\"" + orgId + "\",\"iat\":" + now
                + ",\"exp\":" + (now + ttl) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + base64Url(signature));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void fail(String message) {
        System.err.println("MintJwt: " + message);
        System.exit(2);
    }
}
