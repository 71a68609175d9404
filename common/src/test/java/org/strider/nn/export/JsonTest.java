package org.strider.nn.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldParseEveryValueTypeAndWriteItBack() {
        final String text = "{\"a\":[1,-2.5e3,\"x\\n\\u00e9\"],\"b\":{\"c\":true,\"d\":null,\"e\":false}}";
        final Object parsed = Json.parse(" " + text + "\n  ");
        assertEquals(List.of(new Json.Num("1"), new Json.Num("-2.5e3"), "x\né"), ((Map<?, ?>) parsed).get("a"));
        assertEquals(text.replace("\\u00e9", "é"), Json.write(parsed));
        assertEquals(parsed, Json.parse(Json.writePretty(parsed)));
    }

    @Test
    void shouldRoundTripFloatsBitExactlyIncludingNonFinite() {
        final SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            final float f = Float.intBitsToFloat(rng.nextInt());
            if (Float.isNaN(f)) {
                continue;
            }
            final Object back = Json.parse(Json.write(List.of(Json.floatValue(f))));
            assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(Json.toFloat(((List<?>) back).get(0))));
        }
        assertEquals(Float.NEGATIVE_INFINITY, Json.toFloat(Json.floatValue(Float.NEGATIVE_INFINITY)));
    }

    @Test
    void shouldRejectWhatStrictJsonRejects() {
        for (final String bad : new String[] {"{\"a\":1,}", "[1,]", "{\"a\":1,\"a\":2}", "01", "1.", "-", "NaN",
            "'a'", "{a:1}", "\"\t\"", "[1] x", "tru", "[" .repeat(Json.MAX_DEPTH + 2)}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Json.Num("1.5").asLong());
        assertThrows(IllegalArgumentException.class, () -> new Json.Num("99999999999999999999").asLong());
    }
}
