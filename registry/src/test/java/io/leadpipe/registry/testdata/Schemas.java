package io.leadpipe.registry.testdata;

/** Schema texts used across tests. */
public final class Schemas {
  public static final String LEAD_V1 =
      """
      {"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata","fields":[
        {"name":"email","type":"string"},
        {"name":"score","type":"int"}]}""";

  /** V1 plus a field with a default: both BACKWARD and FORWARD compatible. */
  public static final String LEAD_V2 =
      """
      {"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata","fields":[
        {"name":"email","type":"string"},
        {"name":"score","type":"int"},
        {"name":"segment","type":"string","default":"unknown"}]}""";

  /** V1 plus a field without default: a V2 reader cannot read V1 data (not BACKWARD). */
  public static final String LEAD_REQUIRED_FIELD =
      """
      {"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata","fields":[
        {"name":"email","type":"string"},
        {"name":"score","type":"int"},
        {"name":"owner","type":"string"}]}""";

  private Schemas() {}
}
