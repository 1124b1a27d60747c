package io.leadpipe.ingest.survey;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the survey page speaks. Chosen by, in order: the visitor's own switch ({@code
 * ?lang=}), the locale on their profile (carried in the link), their browser's {@code
 * Accept-Language}, English.
 */
enum SurveyLanguage {
  EN("English"),
  DE("Deutsch"),
  HU("Magyar");

  /** How the language names itself on the switch. */
  final String ownName;

  SurveyLanguage(String ownName) {
    this.ownName = ownName;
  }

  String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  Locale locale() {
    return Locale.forLanguageTag(code());
  }

  static SurveyLanguage choose(String switched, String profileLocale, String acceptLanguage) {
    return of(switched)
        .or(() -> ofTag(profileLocale))
        .or(() -> ofAcceptLanguage(acceptLanguage))
        .orElse(EN);
  }

  /** {@code "de"}, {@code "DE"}: one of ours, else empty. */
  static Optional<SurveyLanguage> of(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(l -> l.code().equalsIgnoreCase(code.trim())).findFirst();
  }

  private static Optional<SurveyLanguage> ofTag(String tag) {
    return tag == null
        ? Optional.empty()
        : of(Locale.forLanguageTag(tag.replace('_', '-')).getLanguage());
  }

  private static Optional<SurveyLanguage> ofAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
      List<Locale> ours = Arrays.stream(values()).map(SurveyLanguage::locale).toList();
      Locale best = Locale.lookup(ranges, ours);
      return best == null ? Optional.empty() : of(best.getLanguage());
    } catch (IllegalArgumentException e) {
      // A malformed header says nothing about the visitor's language.
      return Optional.empty();
    }
  }
}
