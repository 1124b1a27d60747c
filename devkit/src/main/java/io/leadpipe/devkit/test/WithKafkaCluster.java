package io.leadpipe.devkit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class on a three-node KRaft cluster ({@link ClusterKafkaTestEnvironment}: brokers
 * in child JVMs that a test can kill, every topic with three replicas and min ISR 2) instead of the
 * single in-process broker. Parameters of type {@link KafkaTestEnvironment} or {@link
 * ClusterKafkaTestEnvironment} receive it. The cluster is started once per test JVM, on first use,
 * and shared by every class carrying this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeadpipeKafkaExtension.class)
public @interface WithKafkaCluster {}
