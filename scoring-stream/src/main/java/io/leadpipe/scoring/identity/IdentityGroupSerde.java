package io.leadpipe.scoring.identity;

import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.CompactSerde;
import io.leadpipe.scoring.profile.Wire;
import java.util.List;

/**
 * The identity group store's value serde: a person's group in the compact format ({@link
 * #FORMAT_VERSION}, then its fields and the record's end). Every input that tells an id the graph
 * has not linked yet, and every link, reads and rewrites a group, so this is on the identity path
 * of the inputs. Groups written by earlier versions (Smile) are still read; the next change of such
 * a group rewrites it in this format.
 */
public final class IdentityGroupSerde extends CompactSerde<IdentityGroup> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int CANONICAL = 1;

  private static final int MEMBERS = 2;
  private static final int USER_IDS = 3;
  private static final int MATCH_KEYS = 4;
  private static final int MERGE_IDS = 5;
  private static final int SEPARATED_FROM = 6;

  public IdentityGroupSerde() {
    super(FORMAT_VERSION, "cannot read an identity group: ", IdentityGroup.class);
  }

  /** Empty lists are left out: a reader's default. */
  @Override
  protected void write(BinaryWriter w, IdentityGroup group) {
    w.stringField(CANONICAL, group.canonical());
    w.strings(MEMBERS, group.members());
    w.strings(USER_IDS, group.userIds());
    w.strings(MATCH_KEYS, group.matchKeys());
    w.strings(MERGE_IDS, group.mergeIds());
    w.strings(SEPARATED_FROM, group.separatedFrom());
  }

  @Override
  protected IdentityGroup read(BinaryReader r) {
    String canonical = null;
    List<String> members = List.of();
    List<String> userIds = List.of();
    List<String> matchKeys = List.of();
    List<String> mergeIds = List.of();
    List<String> separatedFrom = List.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case CANONICAL -> canonical = r.stringField(key);
        case MEMBERS -> members = r.strings(key);
        case USER_IDS -> userIds = r.strings(key);
        case MATCH_KEYS -> matchKeys = r.strings(key);
        case MERGE_IDS -> mergeIds = r.strings(key);
        case SEPARATED_FROM -> separatedFrom = r.strings(key);
        default -> r.skip(key);
      }
    }
    return new IdentityGroup(canonical, members, userIds, matchKeys, mergeIds, separatedFrom);
  }
}
