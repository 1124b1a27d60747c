package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentDefinition;
import org.apache.kafka.common.utils.Bytes;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * web event → (bad record → dead letter) → key by visitor → drop duplicate messageIds within the window
 * → apply to the visitor's state in event time (late within grace applied, older dropped) → profile
 * → evaluate segments (global definitions) → profile + ENTERED/EXITED changes.
 * Social and identity inputs, referral credit and re-evaluation on definition change come next.
 */
public final class ProspectTopology {

    public static final String APPLICATION = "scoring-stream";
    public static final String DEDUPE_STORE = "dedupe-store";
    public static final String PROFILE_STATE_STORE = "profile-state-store";
    public static final String SEGMENT_MEMBERSHIP_STORE = "segment-membership-store";
    public static final String SEGMENT_DEFINITIONS_STORE = "segment-definitions-store";
    public static final String BY_VISITOR = "web-events-by-visitor";
    /** The latest published profile (with segments) per visitor: what the query API reads. */
    public static final String PROFILE_STORE = "prospect-profile-store";

    private static final Logger LOG = LoggerFactory.getLogger(ProspectTopology.class);

    private final ScoringConfig config;
    private final Map<String, ?> registryConfig;

    public ProspectTopology(ScoringConfig config, Map<String, ?> registryConfig) {
        this.config = config;
        this.registryConfig = registryConfig;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder);
        KStream<String, Parsed> parsed = deserializeSafely(builder.stream(Topics.WEB_EVENTS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray())));
        var branches = parsed.split(Named.as("parsed-"))
                .branch((k, v) -> v.deadLetter() != null, Branched.as("bad"))
                .defaultBranch(Branched.as("ok"));
        sendToDeadLetters(branches.get("parsed-bad").mapValues(Parsed::deadLetter));
        KStream<String, WebEvent> events = keyByVisitor(branches.get("parsed-ok").mapValues(Parsed::event));
        KStream<String, ProspectProfile> profiles = aggregateProfile(dropDuplicates(events));
        var evaluated = evaluateSegments(profiles).split(Named.as("segments-"))
                .branch((k, v) -> v.change() != null, Branched.as("changes"))
                .defaultBranch(Branched.as("profiles"));
        publishProfiles(evaluated.get("segments-profiles").mapValues(SegmentMembership.Out::profile));
        evaluated.get("segments-changes").mapValues(SegmentMembership.Out::change).to(Topics.SEGMENT_CHANGES.name(),
                Produced.with(Topics.SEGMENT_CHANGES.keySerde(), Topics.SEGMENT_CHANGES.valueSerde(registryConfig)));
        return builder.build();
    }

    /** Stores are declared once, by constant name, so queries and tests refer to the same ones. */
    private void addStores(StreamsBuilder builder) {
        // A window store keyed by messageId: old ids expire with the segments, so the store stays bounded.
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DEDUPE_STORE,
                config.dedupeWindow().multipliedBy(2), config.dedupeWindow(), false), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STATE_STORE),
                Serdes.String(), JsonSerde.of(ProfileState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENT_MEMBERSHIP_STORE),
                Serdes.String(), JsonSerde.of(String[].class)));
        // Every instance needs every definition to evaluate its own visitors: a global table.
        builder.globalTable(Topics.SEGMENT_DEFINITIONS.name(),
                Consumed.with(Topics.SEGMENT_DEFINITIONS.keySerde(), Topics.SEGMENT_DEFINITIONS.valueSerde(registryConfig)),
                Materialized.<String, SegmentDefinition, KeyValueStore<Bytes, byte[]>>as(SEGMENT_DEFINITIONS_STORE));
    }

    /** Segments are evaluated on every profile change, so membership is live per event, not per cron run. */
    private KStream<String, SegmentMembership.Out> evaluateSegments(KStream<String, ProspectProfile> profiles) {
        return profiles.process(() -> new SegmentMembership(new ProfileMapper(config), config.segmentCheckInterval()),
                Named.as("evaluate-segments"), SEGMENT_MEMBERSHIP_STORE, PROFILE_STATE_STORE);
    }

    /**
     * The published profile is also kept in a queryable store, so a query answers with exactly what
     * subscribers of the topic saw. No caching: every profile update is published, not coalesced.
     */
    private void publishProfiles(KStream<String, ProspectProfile> profiles) {
        var serde = Topics.PROSPECT_PROFILES.valueSerde(registryConfig);
        profiles.toTable(Named.as("latest-profile"),
                        Materialized.<String, ProspectProfile, KeyValueStore<Bytes, byte[]>>as(PROFILE_STORE)
                                .withKeySerde(Topics.PROSPECT_PROFILES.keySerde())
                                .withValueSerde(serde)
                                .withCachingDisabled())
                .toStream(Named.as("profile-updates"))
                .to(Topics.PROSPECT_PROFILES.name(), Produced.with(Topics.PROSPECT_PROFILES.keySerde(), serde));
    }

    /** One bad record must not stop the stream: decode ourselves and turn failures into dead letters. */
    private KStream<String, Parsed> deserializeSafely(KStream<String, byte[]> raw) {
        return raw.process(() -> new SafeDeserializer(Topics.WEB_EVENTS.valueSerde(registryConfig).deserializer()),
                Named.as("deserialize-web-events"));
    }

    /** Dead letters carry topic, partition, offset and the exception so an operator can replay them. */
    private void sendToDeadLetters(KStream<String, DeadLetter> deadLetters) {
        deadLetters.to(Topics.DEAD_LETTERS.name(),
                Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde(registryConfig)));
    }

    /**
     * Profiles are keyed by the visitor id ingest keys records by (userId, else anonymousId), so a record
     * from ingest lands where it already is. Identity stitching will map it to a canonical id.
     */
    private KStream<String, WebEvent> keyByVisitor(KStream<String, WebEvent> events) {
        return events.selectKey((k, e) -> canonicalVisitorId(e), Named.as("key-by-visitor"))
                .repartition(Repartitioned.<String, WebEvent>as(BY_VISITOR)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Topics.WEB_EVENTS.valueSerde(registryConfig)));
    }

    static String canonicalVisitorId(WebEvent e) {
        return VisitorId.of(e.getUserId(), e.getAnonymousId());
    }

    /** Producers retry: the same messageId seen again within the window must not count twice. */
    private KStream<String, WebEvent> dropDuplicates(KStream<String, WebEvent> events) {
        return events.process(() -> new Deduplicator(config), Named.as("drop-duplicates"), DEDUPE_STORE);
    }

    /** Event-time aggregation: each event updates the visitor's state and yields the freshly scored profile. */
    private KStream<String, ProspectProfile> aggregateProfile(KStream<String, WebEvent> events) {
        return events.process(() -> new ProfileAggregator(config), Named.as("aggregate-profile"), PROFILE_STATE_STORE);
    }

    /** Either a decoded event or the dead letter explaining why it could not be decoded. */
    record Parsed(WebEvent event, DeadLetter deadLetter) {
    }

    private static final class SafeDeserializer implements Processor<String, byte[], String, Parsed> {
        private final Deserializer<WebEvent> deserializer;
        private ProcessorContext<String, Parsed> context;

        SafeDeserializer(Deserializer<WebEvent> deserializer) {
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<String, Parsed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            try {
                WebEvent event = deserializer.deserialize(Topics.WEB_EVENTS.name(), record.value());
                if (event == null || canonicalVisitorId(event) == null) {
                    throw new IllegalArgumentException("event without anonymousId or userId");
                }
                context.forward(record.withValue(new Parsed(event, null)));
            } catch (RuntimeException e) {
                var meta = context.recordMetadata();
                LOG.warn("Dead-lettering record from {}-{}@{}: {}", meta.map(m -> m.topic()).orElse("?"),
                        meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L),
                        e.getClass().getSimpleName());
                DeadLetter dl = DeadLetter.newBuilder()
                        .setApplication(APPLICATION)
                        .setSource(Topics.WEB_EVENTS.name())
                        .setTopic(meta.map(m -> m.topic()).orElse(null))
                        .setPartition(meta.map(m -> m.partition()).orElse(null))
                        .setOffset(meta.map(m -> m.offset()).orElse(null))
                        .setReason("DESERIALIZATION")
                        .setErrorMessage(String.valueOf(e.getMessage()))
                        .setErrorClass(e.getClass().getName())
                        .setFailedAt(Instant.ofEpochMilli(record.timestamp()))
                        .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                        .setDetails(Map.of())
                        .build();
                context.forward(record.withValue(new Parsed(null, dl)));
            }
        }
    }

    private static final class Deduplicator implements Processor<String, WebEvent, String, WebEvent> {
        private final ScoringConfig config;
        private ProcessorContext<String, WebEvent> context;
        private WindowStore<String, Long> seen;

        Deduplicator(ScoringConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, WebEvent> context) {
            this.context = context;
            this.seen = context.getStateStore(DEDUPE_STORE);
        }

        @Override
        public void process(Record<String, WebEvent> record) {
            long at = record.value().getEventTime().toEpochMilli();
            String id = record.value().getMessageId();
            long window = config.dedupeWindow().toMillis();
            try (WindowStoreIterator<Long> previous = seen.fetch(id, Instant.ofEpochMilli(at - window + 1),
                    Instant.ofEpochMilli(at + window - 1))) {
                if (previous.hasNext()) {
                    LOG.debug("Dropping duplicate message {}", id);
                    return;
                }
            }
            seen.put(id, at, at);
            context.forward(record);
        }
    }

    private static final class ProfileAggregator implements Processor<String, WebEvent, String, ProspectProfile> {
        private final ScoringConfig config;
        private final ProfileMapper mapper;
        private final io.leadpipe.scoring.engagement.EngagementScorer engagement;
        private ProcessorContext<String, ProspectProfile> context;
        private KeyValueStore<String, ProfileState> states;

        ProfileAggregator(ScoringConfig config) {
            this.config = config;
            this.mapper = new ProfileMapper(config);
            this.engagement = new io.leadpipe.scoring.engagement.EngagementScorer(config.engagement());
        }

        @Override
        public void init(ProcessorContext<String, ProspectProfile> context) {
            this.context = context;
            this.states = context.getStateStore(PROFILE_STATE_STORE);
        }

        @Override
        public void process(Record<String, WebEvent> record) {
            WebEvent e = record.value();
            Instant at = e.getEventTime();
            ProfileState s = states.get(record.key());
            if (s == null) {
                s = ProfileState.empty(record.key(), at);
            } else if (at.isBefore(s.lastSeen().minus(config.grace()))) {
                LOG.debug("Dropping event {} older than the grace period", e.getMessageId());
                return;
            }
            s = apply(s, e, at);
            states.put(record.key(), s);
            // The profile is scored as of the visitor's latest event time, so replays give the same output.
            context.forward(new Record<>(record.key(), mapper.toProfile(s, s.lastSeen()), s.lastSeen().toEpochMilli()));
        }

        private ProfileState apply(ProfileState s, WebEvent e, Instant at) {
            String signal = signalOf(e);
            var signals = signal == null ? s.signals() : engagement.apply(s.signals(), signal, at);
            var purchases = s.purchases();
            if (e.getType() == io.leadpipe.schemas.web.WebEventType.PURCHASE) {
                double revenue = e.getOrder() != null && e.getOrder().getRevenue() != null ? e.getOrder().getRevenue() : 0;
                long quantity = e.getItems().stream()
                        .mapToLong(p -> p.getQuantity() == null ? 1 : p.getQuantity()).sum();
                purchases = purchases.plus(at, revenue, quantity);
            }
            var type = e.getType();
            return new ProfileState(s.visitorId(),
                    at.isBefore(s.firstSeen()) ? at : s.firstSeen(),
                    at.isAfter(s.lastSeen()) ? at : s.lastSeen(),
                    s.revision() + 1,
                    s.pageViews() + (type == io.leadpipe.schemas.web.WebEventType.PAGE_VIEW ? 1 : 0),
                    s.productViews() + (type == io.leadpipe.schemas.web.WebEventType.PRODUCT_VIEW ? 1 : 0),
                    s.searches() + (type == io.leadpipe.schemas.web.WebEventType.SEARCH ? 1 : 0),
                    s.cartAdds() + (type == io.leadpipe.schemas.web.WebEventType.CART_ADD ? 1 : 0),
                    s.checkouts() + (type == io.leadpipe.schemas.web.WebEventType.CHECKOUT_STARTED ? 1 : 0),
                    signals, purchases);
        }

        /** Contract event type → scoring signal name (docs/scoring.md); page views go through the careers-path rule. */
        private String signalOf(WebEvent e) {
            return switch (e.getType()) {
                case PAGE_VIEW -> config.engagement().classifyPageView(
                        e.getContext() == null ? null : e.getContext().getPagePath());
                case PRODUCT_VIEW -> "PRODUCT_VIEW";
                case SEARCH, COUPON_SEARCH -> "SEARCH";
                case CART_ADD -> "ADD_TO_CART";
                case CART_REMOVE -> "REMOVE_FROM_CART";
                case CHECKOUT_STARTED -> "CHECKOUT_STARTED";
                case PURCHASE -> "PURCHASE";
                case REVIEW_READ -> "REVIEW_READ";
                case NEWSLETTER_SIGNUP -> "NEWSLETTER_SIGNUP";
                case UNSUBSCRIBE -> "UNSUBSCRIBE";
                case FORM_ERROR -> "FORM_ERROR";
                case FEEDBACK_ANSWER -> "FEEDBACK";
                default -> null;
            };
        }
    }
}
