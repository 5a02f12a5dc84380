import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the local stack's topics in one JVM (kafka-topics.sh would start one JVM per topic).
 * Idempotent: existing topics are kept, their topic configs are set again, and a partition count
 * lower than wanted is raised. infra.sh compiles it into run/kafka-tools and runs
 * {@code EnsureTopics <admin client properties> <name>:<partitions>[:<key>=<value>,...]...} with Kafka's
 * jars, as the broker's super user (the properties file holds the address and the SASL login).
 */
public class EnsureTopics {

    record Spec(String name, int partitions, Map<String, String> configs) {
        static Spec parse(String arg) {
            String[] parts = arg.split(":", 3);
            Map<String, String> configs = new HashMap<>();
            if (parts.length == 3 && !parts[2].isEmpty()) {
                for (String kv : parts[2].split(",")) {
                    String[] pair = kv.split("=", 2);
                    configs.put(pair[0], pair[1]);
                }
            }
            return new Spec(parts[0], Integer.parseInt(parts[1]), configs);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EnsureTopics <admin client properties> <name>:<partitions>[:k=v,...]...");
            System.exit(2);
        }
        List<Spec> specs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            specs.add(Spec.parse(args[i]));
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(reader);
        }
        // The broker may still be electing itself controller: keep retrying for a while.
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            createMissing(admin, specs, existing);
            adjustExisting(admin, specs, existing);
        }
    }

    private static void createMissing(Admin admin, List<Spec> specs, Set<String> existing)
            throws InterruptedException {
        List<NewTopic> missing = new ArrayList<>();
        for (Spec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.of((short) 1))
                        .configs(spec.configs()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get();
                System.out.println("created topic " + entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                }
            }
        }
    }

    private static void adjustExisting(Admin admin, List<Spec> specs, Set<String> existing)
            throws InterruptedException, ExecutionException {
        List<Spec> kept = specs.stream().filter(s -> existing.contains(s.name())).toList();
        if (kept.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(kept.stream().map(Spec::name).toList()).allTopicNames().get();
        Map<String, NewPartitions> grow = new HashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> configs = new HashMap<>();
        for (Spec spec : kept) {
            int actual = descriptions.get(spec.name()).partitions().size();
            if (actual < spec.partitions()) {
                grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
                System.out.println("raising partitions of " + spec.name() + " from " + actual);
            }
            if (!spec.configs().isEmpty()) {
                configs.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()),
                        spec.configs().entrySet().stream()
                                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                                .toList());
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get();
        }
        if (!configs.isEmpty()) {
            admin.incrementalAlterConfigs(configs).all().get();
        }
    }
}
