package io.leadpipe.scoring.identity;

import java.util.List;

/**
 * One person in the identity graph: the canonical id their profile is published under and every id
 * linked to it, with what the graph needs to decide the next link and to undo or erase: the user
 * ids told (one allowed), the hashed match keys they own, the merge records that name them, and the
 * ids an operator separated them from.
 *
 * @param canonical the id the merged profile is published under (a member)
 * @param members every linked id, the canonical one included
 * @param userIds user ids among the members
 * @param matchKeys match keys owned by the members
 * @param mergeIds merge records (merged, refused, undone) naming this person
 * @param separatedFrom ids an undone merge separated this person from: never linked again
 *     automatically
 */
public record IdentityGroup(
    String canonical,
    List<String> members,
    List<String> userIds,
    List<String> matchKeys,
    List<String> mergeIds,
    List<String> separatedFrom) {

  public IdentityGroup {
    members = members == null ? List.of() : List.copyOf(members);
    userIds = userIds == null ? List.of() : List.copyOf(userIds);
    matchKeys = matchKeys == null ? List.of() : List.copyOf(matchKeys);
    mergeIds = mergeIds == null ? List.of() : List.copyOf(mergeIds);
    separatedFrom = separatedFrom == null ? List.of() : List.copyOf(separatedFrom);
  }

  public static IdentityGroup of(String id) {
    return new IdentityGroup(id, List.of(id), List.of(), List.of(), List.of(), List.of());
  }
}
