package io.leadpipe.ingest.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.UtmFields;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlParametersTest {

  @Test
  void utmFieldsComeFromTheQuery() {
    Map<String, String> params =
        UrlParameters.parse(
            "https://shop.example/p?utm_source=newsletter&utm_medium=email&utm_campaign=black%20friday&utm_term=tent&utm_content=b");

    UtmFields utm = UrlParameters.utm(params);

    assertThat(utm.getSource()).isEqualTo("newsletter");
    assertThat(utm.getMedium()).isEqualTo("email");
    assertThat(utm.getCampaign()).isEqualTo("black friday");
    assertThat(utm.getTerm()).isEqualTo("tent");
    assertThat(utm.getContent()).isEqualTo("b");
  }

  @Test
  void noCampaignParametersMeansNoUtm() {
    assertThat(UrlParameters.utm(UrlParameters.parse("https://shop.example/?q=x"))).isNull();
    assertThat(UrlParameters.utm(UrlParameters.parse(null))).isNull();
  }

  @Test
  void aSinglePageShopsFragmentQueryCountsAndTheRealQueryWins() {
    Map<String, String> params =
        UrlParameters.parse("https://shop.example/shop.html?ref=real#/product?ref=hash&x=1");

    assertThat(params).containsEntry("ref", "real").containsEntry("x", "1");
    assertThat(UrlParameters.parse("https://shop.example/#/p?ref=abc")).containsEntry("ref", "abc");
  }

  @Test
  void aMalformedEscapeSkipsOnlyThatParameter() {
    assertThat(UrlParameters.parse("https://shop.example/?a=%zz&ref=ok")).containsOnlyKeys("ref");
  }
}
