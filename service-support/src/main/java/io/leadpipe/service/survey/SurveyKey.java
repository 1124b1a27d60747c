package io.leadpipe.service.survey;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.security.SecretDigest;
import io.leadpipe.service.security.SecretSetting;
import java.util.List;

/** The configured survey signing key, checked by {@link SecretSetting}'s rule, as tokens. */
public final class SurveyKey {

  private SurveyKey() {}

  /**
   * @throws ConfigBindingException naming {@code leadpipe.survey.signing-key} when unset outside
   *     local mode, a demo or short secret, a digest, or more than one key
   */
  public static SurveyTokens tokens(RunMode mode, String configured) {
    SecretSetting setting = SecretSetting.SURVEY_SIGNING_KEY;
    List<String> keys =
        setting.accepted(mode, configured == null ? List.of() : List.of(configured));
    if (keys.size() != 1) {
      throw new ConfigBindingException(
          setting.property(), "set " + setting.variable() + " to one key");
    }
    String key = keys.get(0);
    if (SecretDigest.isDigest(key)) {
      throw new ConfigBindingException(
          setting.property(),
          "is a sha256: digest; links are sealed with the key itself, so set "
              + setting.variable()
              + " to the key");
    }
    try {
      return new SurveyTokens(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(setting.property(), e.getMessage());
    }
  }
}
