import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives the local broker its principals and ACLs, idempotently: every principal read from stdin
 * ({@code <name> <password>} per line, so no password is on a command line) gets its SCRAM-SHA-512
 * credential set again, every rule of the ACL file (kafka/acls.txt, format described there) is created,
 * and an ACL of one of those principals that the file no longer lists is deleted. infra.sh compiles it
 * into run/kafka-tools and runs {@code EnsureAccess <admin client properties> <acl file>} as the super user.
 */
public class EnsureAccess {

    private static final String TEST_TOPIC_PREFIX = "test.";
    private static final String TEST_GROUP_SUFFIX = "-test";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EnsureAccess <admin client properties> <acl file>  (users on stdin: <name> <password>)");
            System.exit(2);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(reader);
        }
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        List<String[]> users = readUsers();
        Set<AclBinding> wanted = readAcls(Path.of(args[1]));
        try (Admin admin = Admin.create(props)) {
            upsertUsers(admin, users);
            Set<String> principals = new LinkedHashSet<>();
            wanted.forEach(binding -> principals.add(binding.entry().principal()));
            users.forEach(user -> principals.add("User:" + user[0]));
            deleteStale(admin, principals, wanted);
            admin.createAcls(wanted).all().get();
            System.out.println(users.size() + " principals, " + wanted.size() + " ACLs in place");
        }
    }

    private static List<String[]> readUsers() throws Exception {
        List<String[]> users = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2) {
                users.add(parts);
            }
        }
        return users;
    }

    private static void upsertUsers(Admin admin, List<String[]> users) throws Exception {
        if (users.isEmpty()) {
            return;
        }
        admin.alterUserScramCredentials(users.stream()
                .map(user -> (org.apache.kafka.clients.admin.UserScramCredentialAlteration) new UserScramCredentialUpsertion(
                        user[0], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), user[1]))
                .toList()).all().get();
    }

    static Set<AclBinding> readAcls(Path file) throws Exception {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                throw new IllegalArgumentException("expected 5 fields in " + file + ": " + line);
            }
            ResourceType type = ResourceType.valueOf(f[2]);
            PatternType pattern = PatternType.valueOf(f[3]);
            List<String> names = new ArrayList<>(List.of(f[4]));
            if (pattern == PatternType.LITERAL && !f[4].equals("*")) {
                if (type == ResourceType.TOPIC) {
                    names.add(TEST_TOPIC_PREFIX + f[4]);
                } else if (type == ResourceType.GROUP) {
                    names.add(f[4] + TEST_GROUP_SUFFIX);
                }
            }
            for (String operation : f[1].split(",")) {
                for (String name : names) {
                    bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                            new AccessControlEntry("User:" + f[0], "*", AclOperation.valueOf(operation), AclPermissionType.ALLOW)));
                }
            }
        }
        return bindings;
    }

    private static void deleteStale(Admin admin, Set<String> principals, Set<AclBinding> wanted) throws Exception {
        Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values().get();
        List<AclBindingFilter> stale = existing.stream()
                .filter(binding -> principals.contains(binding.entry().principal()) && !wanted.contains(binding))
                .map(AclBinding::toFilter)
                .toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get();
            System.out.println("deleted " + stale.size() + " ACLs the file no longer lists");
        }
    }
}
