package io.leadpipe.registry.testdata;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written stand-in for an avro-maven-plugin generated class (the registry module has no
 * codegen).
 */
public class Lead extends SpecificRecordBase {
  public static final Schema SCHEMA$ =
      new Schema.Parser()
          .parse(
              """
      {"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata","fields":[
        {"name":"email","type":"string"},
        {"name":"score","type":"int"}]}""");

  private CharSequence email;
  private int score;

  public Lead() {}

  public Lead(String email, int score) {
    this.email = email;
    this.score = score;
  }

  public static Schema getClassSchema() {
    return SCHEMA$;
  }

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    return switch (field) {
      case 0 -> email;
      case 1 -> score;
      default -> throw new IndexOutOfBoundsException(field);
    };
  }

  @Override
  public void put(int field, Object value) {
    switch (field) {
      case 0 -> email = (CharSequence) value;
      case 1 -> score = (Integer) value;
      default -> throw new IndexOutOfBoundsException(field);
    }
  }

  public String email() {
    return email == null ? null : email.toString();
  }

  public int score() {
    return score;
  }
}
