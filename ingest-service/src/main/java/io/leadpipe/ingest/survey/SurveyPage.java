package io.leadpipe.ingest.survey;

import io.leadpipe.schemas.common.HesitationReason;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The survey's HTML: one button per answer in one form (no JavaScript), a language switch, and the
 * pages for a thank-you, a closed, an invalid or a refused link. Everything that is not our own
 * text is escaped.
 */
final class SurveyPage {

  /** The answers offered, in this order. */
  static final List<HesitationReason> ANSWERS =
      List.of(
          HesitationReason.PRICE,
          HesitationReason.REVIEWS,
          HesitationReason.QUALITY,
          HesitationReason.SHIPPING,
          HesitationReason.NO_LONGER_INTERESTED,
          HesitationReason.BOUGHT_ELSEWHERE,
          HesitationReason.OTHER);

  private static final String BUNDLE = "survey.messages";

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;"
          + "background:#f6f7f9;color:#1d2330}"
          + "main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem}"
          + "h1{font-size:1.4rem;margin:0 0 .5rem}p{line-height:1.45}"
          + "button{display:block;width:100%;margin:.5rem 0;padding:.9rem 1rem;font-size:1rem;"
          + "text-align:left;border:1px solid #c9ced8;border-radius:.5rem;background:#fff;"
          + "cursor:pointer}button:hover,button:focus{border-color:#2f6fde}"
          + "button[aria-pressed=true]{border-color:#2f6fde;background:#e8f0ff}"
          + "textarea{width:100%;box-sizing:border-box;min-height:4.5rem;font:inherit;"
          + "padding:.5rem;border:1px solid #c9ced8;border-radius:.5rem}"
          + "label{display:block;margin-top:1rem}.note{color:#555}.error{color:#a30000}"
          + "nav{font-size:.9rem;margin-bottom:1rem}nav a{margin-right:.75rem}";

  private final SurveyLanguage language;
  private final ResourceBundle texts;

  SurveyPage(SurveyLanguage language) {
    this.language = language;
    this.texts = ResourceBundle.getBundle(BUNDLE, language.locale());
  }

  String text(String key) {
    return texts.getString(key);
  }

  String answerText(HesitationReason reason) {
    return text("reason." + reason.name());
  }

  /**
   * The question with its answers; after an answer, thanks above it.
   *
   * @param action the form's target (the link's own path)
   * @param proof the form proof that must come back with an answer
   * @param answered the answer just given, or null
   * @param error a message above the answers (an invalid answer), or null
   */
  String form(String action, String proof, HesitationReason answered, String error) {
    StringBuilder html = new StringBuilder();
    html.append(languageSwitch(action));
    if (answered != null) {
      html.append("<h1>")
          .append(escape(text("thanks.title")))
          .append("</h1><p id=\"answer\">")
          .append(escape(text("thanks.body").replace("{0}", answerText(answered))))
          .append("</p><p class=\"note\">")
          .append(escape(text("thanks.change")))
          .append("</p>");
    } else {
      html.append("<h1>")
          .append(escape(text("question")))
          .append("</h1><p class=\"note\">")
          .append(escape(text("intro")))
          .append("</p>");
    }
    if (error != null) {
      html.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
    }
    html.append("<form method=\"post\" action=\"")
        .append(escape(action))
        .append("\"><input type=\"hidden\" name=\"proof\" value=\"")
        .append(escape(proof))
        .append("\"><input type=\"hidden\" name=\"lang\" value=\"")
        .append(language.code())
        .append("\">");
    for (HesitationReason reason : ANSWERS) {
      html.append("<button type=\"submit\" name=\"reason\" value=\"")
          .append(reason.name())
          .append("\" aria-pressed=\"")
          .append(reason == answered)
          .append("\">")
          .append(escape(answerText(reason)))
          .append("</button>");
    }
    html.append("<label for=\"comment\">")
        .append(escape(text("comment.label")))
        .append("</label><textarea id=\"comment\" name=\"comment\" maxlength=\"")
        .append(SurveyAnswers.MAX_COMMENT_CHARS)
        .append("\"></textarea></form>");
    return document(text("title"), html.toString());
  }

  /** A page with a title and one paragraph: closed, invalid, refused or unavailable. */
  String notice(String key) {
    return document(
        text(key + ".title"),
        "<h1>" + escape(text(key + ".title")) + "</h1><p>" + escape(text(key + ".body")) + "</p>");
  }

  private String languageSwitch(String action) {
    StringBuilder nav = new StringBuilder("<nav aria-label=\"").append(escape(text("language")));
    nav.append("\">");
    for (SurveyLanguage other : SurveyLanguage.values()) {
      if (other == language) {
        nav.append("<strong lang=\"").append(other.code()).append("\">");
        nav.append(escape(other.ownName)).append("</strong> ");
      } else {
        nav.append("<a lang=\"")
            .append(other.code())
            .append("\" href=\"")
            .append(escape(action))
            .append("?lang=")
            .append(other.code())
            .append("\">")
            .append(escape(other.ownName))
            .append("</a> ");
      }
    }
    return nav.append("</nav>").toString();
  }

  private String document(String title, String body) {
    return "<!DOCTYPE html><html lang=\""
        + language.code()
        + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body><main>"
        + body
        + "</main></body></html>";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
