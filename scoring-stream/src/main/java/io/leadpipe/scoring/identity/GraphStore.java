package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.IdentityMerge;

/**
 * The identity graph's state as the rules see it; the stream backs it with changelogged state
 * stores.
 */
public interface GraphStore {

  /** The canonical id an id is linked to, or null for an id the graph does not know. */
  String canonicalOf(String id);

  void link(String id, String canonical);

  void forget(String id);

  IdentityGroup group(String canonical);

  void putGroup(IdentityGroup group);

  void deleteGroup(String canonical);

  /** The id that first offered a match key, or null. */
  String ownerOf(String matchKey);

  void own(String matchKey, String id);

  void disown(String matchKey);

  IdentityMerge merge(String mergeId);

  void putMerge(IdentityMerge merge);

  void deleteMerge(String mergeId);
}
