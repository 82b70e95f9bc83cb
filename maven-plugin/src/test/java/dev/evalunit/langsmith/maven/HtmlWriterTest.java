package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The page is built from structure: no text or attribute value can become markup. */
class HtmlWriterTest {

    @Test
    void text_and_attribute_values_are_always_escaped() {
        String html = new HtmlWriter().element("p", "</p><script>alert('x')</script> & \"q\"",
                "title", "\" onmouseover=\"alert(1)", "data-x", "<b>").finish();

        assertThat(html).isEqualTo("<p title=\"&quot; onmouseover=&quot;alert(1)\" data-x=\"&lt;b&gt;\">"
                + "&lt;/p&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
    }

    @Test
    void emoji_stay_whole_and_control_characters_and_lone_surrogates_are_replaced() {
        String html = new HtmlWriter().element("span", "ok \uD83D\uDE80 \u0007 bell \uD83D lone").finish();

        assertThat(html).isEqualTo("<span>ok \uD83D\uDE80 \uFFFD bell \uFFFD lone</span>");
    }

    @Test
    void a_null_attribute_value_writes_a_bare_attribute() {
        assertThat(new HtmlWriter().open("details", "open", null, "data-test", null).close("details").finish())
                .isEqualTo("<details open data-test></details>");
    }

    @Test
    void names_must_be_plain_identifiers_and_event_handlers_are_refused() {
        assertThatThrownBy(() -> new HtmlWriter().open("p onclick=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().open("p", "x=\"1\"", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().open("p", "onclick", "alert(1)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onclick");
        assertThatThrownBy(() -> new HtmlWriter().open("p", "class")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elements_close_in_order_and_all_of_them() {
        assertThatThrownBy(() -> new HtmlWriter().open("div").open("span").close("div"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("<span>");
        assertThatThrownBy(() -> new HtmlWriter().open("div").finish())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> new HtmlWriter().open("br")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().empty("div")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inline_style_and_script_cannot_end_their_element_early() {
        assertThat(new HtmlWriter().script("let a = 1 < 2;").finish()).isEqualTo("<script>\nlet a = 1 < 2;</script>\n");
        assertThatThrownBy(() -> new HtmlWriter().script("x = '</SCRIPT><img src=x>'"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().style("p{} </style><script>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HtmlWriter().script("<!-- x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
