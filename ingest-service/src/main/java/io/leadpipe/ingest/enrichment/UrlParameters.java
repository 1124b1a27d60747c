package io.leadpipe.ingest.enrichment;

import io.leadpipe.schemas.common.UtmFields;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Query parameters of a page URL: campaign (utm_*) fields and the referral code. Single-page shops
 * put their route and query after the hash ({@code shop.html#/product?ref=abc}), so the fragment's
 * query counts too; the real query wins when both carry a parameter.
 */
public final class UrlParameters {

  private UrlParameters() {}

  public static Map<String, String> parse(String url) {
    Map<String, String> params = new HashMap<>();
    if (url == null) {
      return params;
    }
    int hash = url.indexOf('#');
    String beforeHash = hash >= 0 ? url.substring(0, hash) : url;
    String fragment = hash >= 0 ? url.substring(hash + 1) : "";
    addQuery(fragment, params);
    addQuery(beforeHash, params);
    return params;
  }

  /** utm_source, utm_medium, utm_campaign, utm_term, utm_content; null when the URL has none. */
  public static UtmFields utm(Map<String, String> params) {
    String source = params.get("utm_source");
    String medium = params.get("utm_medium");
    String campaign = params.get("utm_campaign");
    String term = params.get("utm_term");
    String content = params.get("utm_content");
    if (source == null && medium == null && campaign == null && term == null && content == null) {
      return null;
    }
    return UtmFields.newBuilder()
        .setSource(source)
        .setMedium(medium)
        .setCampaign(campaign)
        .setTerm(term)
        .setContent(content)
        .build();
  }

  private static void addQuery(String part, Map<String, String> params) {
    int q = part.indexOf('?');
    if (q < 0) {
      return;
    }
    for (String pair : part.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String value = decode(eq >= 0 ? pair.substring(eq + 1) : "");
      if (name != null && value != null && !value.isEmpty()) {
        params.put(name, value);
      }
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A malformed %-escape: the parameter is unusable, the event is still fine.
      return null;
    }
  }
}
