package org.telenovela.importer;

import org.telenovela.InvalidInputException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TTML / DFXP ({@code .ttml}, {@code .dfxp}, {@code .xml}): each {@code <p>} is a caption. The speaker comes from
 * {@code ttm:agent} (an id resolved through {@code <ttm:agent xml:id="..."><ttm:name>...}), from a {@code ttm:name}
 * attribute, or from a {@code <ttm:name>} inside the caption's metadata, on the {@code <p>} or on a {@code <span>}
 * within it; without one the caption is unattributed. {@code <br/>} breaks lines (a dash after it starts another
 * speaker's turn); styling spans are flattened. The parser is XXE-safe: a DOCTYPE is refused, so no entity can be
 * defined and nothing outside the file is read.
 */
final class TtmlReader {
    private static final Pattern CLOCK = Pattern.compile("^(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d+)|:\\d+(?:\\.\\d+)?)?$");
    private static final Pattern OFFSET = Pattern.compile("^(\\d+(?:\\.\\d+)?)(h|m|s|ms)$");

    private TtmlReader() {
    }

    /** One run of caption text with its speaker reference (agent id, or a name given directly). */
    private record Segment(String agent, String name, String text) {
    }

    private record Caption(int line, Long begin, Long end, List<Segment> segments) {
    }

    static Imported read(String source, String text, boolean sentenceCase) {
        Handler h = new Handler(source);
        try {
            parser().parse(new InputSource(new StringReader(text)), h);
        } catch (SAXParseException e) {
            String what = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "a DOCTYPE is not allowed (TTML needs none; entity definitions are refused for safety)"
                    : "not well-formed XML: " + e.getMessage();
            throw InvalidInputException.at(source + ":" + e.getLineNumber() + ":" + e.getColumnNumber(), what);
        } catch (SAXException e) {
            if (e.getException() instanceof InvalidInputException bad) {
                throw bad;
            }
            throw InvalidInputException.at(source, "not well-formed XML: " + e.getMessage());
        } catch (IOException e) {
            throw InvalidInputException.at(source, "cannot read: " + e.getMessage());
        }
        ScriptBuilder b = new ScriptBuilder(source, sentenceCase);
        for (Caption c : h.captions) {
            b.timed(c.begin(), c.end());
            for (Segment s : c.segments()) {
                TurnBuffer turn = new TurnBuffer(b);
                turn.start(speaker(b, s, h.agents, c.line()), c.line());
                for (String part : s.text().split("\n")) {
                    String t = part.strip();
                    if (SubtitleText.startsWithDash(t)) {
                        if (!turn.isEmpty()) {
                            turn.start(null, c.line()); // a dash after a line break: someone else answers
                        }
                        t = SubtitleText.withoutDash(t);
                    }
                    turn.add(t, c.line());
                }
                turn.flush();
            }
        }
        String name = TranscriptReader.fileName(source);
        return b.build(Map.of("Title", name, "Source", name + " (TTML subtitles)"));
    }

    private static String speaker(ScriptBuilder b, Segment s, Map<String, String> agents, int line) {
        String label = s.name();
        if (label == null && s.agent() != null) {
            label = agents.get(s.agent());
            if (label == null) {
                b.skip(s.agent(), line, "ttm:agent '" + s.agent() + "' is not declared with a <ttm:name>");
                return null;
            }
        }
        if (label == null) {
            return null;
        }
        return b.speaker(label, line, "speaker name without letters").orElse(null);
    }

    static SAXParser parser() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser p = f.newSAXParser();
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return p;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    /** Milliseconds of a TTML time expression, or null where it is in frames or ticks (then no scene split). */
    static Long time(String expr) {
        if (expr == null) {
            return null;
        }
        String t = expr.strip();
        Matcher c = CLOCK.matcher(t);
        if (c.matches()) {
            long ms = ((Long.parseLong(c.group(1)) * 60 + Long.parseLong(c.group(2))) * 60 + Long.parseLong(c.group(3))) * 1000;
            if (c.group(4) != null) {
                ms += Math.round(Double.parseDouble("0." + c.group(4)) * 1000);
            }
            return ms;
        }
        Matcher o = OFFSET.matcher(t);
        if (o.matches()) {
            double v = Double.parseDouble(o.group(1));
            double factor = switch (o.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1000;
                default -> 1;
            };
            return Math.round(v * factor);
        }
        return null;
    }

    private static final class Handler extends DefaultHandler {
        private final String source;
        final Map<String, String> agents = new HashMap<>();
        final List<Caption> captions = new ArrayList<>();
        private Locator locator;
        private boolean root = true;

        // agent declarations
        private String agentId;
        private StringBuilder name; // text of a <ttm:name> being read
        private String captionName;  // a <ttm:name> read inside a caption's metadata

        // the caption being read
        private int depth;            // element depth inside the current <p>, 0 outside
        private int pLine;
        private Long pBegin;
        private Long pEnd;
        private List<Segment> segments;
        private final Deque<String[]> speakers = new ArrayDeque<>(); // {agent, name} per open element in <p>
        private StringBuilder text;
        private int skipText;         // inside <metadata> etc.

        Handler(String source) {
            this.source = source;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            if (root) {
                root = false;
                if (!local.equals("tt")) {
                    throw new SAXException(InvalidInputException.at(source + ":" + locator.getLineNumber(),
                            "not a TTML document (the root element is <" + qName + ">, expected <tt>)"));
                }
            }
            if (local.equals("agent") && depth == 0) {
                agentId = id(atts);
            } else if (local.equals("name") && (agentId != null || depth > 0)) {
                name = new StringBuilder();
            } else if (local.equals("p") && depth == 0) {
                depth = 1;
                pLine = locator.getLineNumber();
                pBegin = time(attr(atts, "begin"));
                pEnd = time(attr(atts, "end"));
                segments = new ArrayList<>();
                text = new StringBuilder();
                speakers.push(speakerOf(atts, new String[]{null, null}));
                return;
            }
            if (depth > 0) {
                depth++;
                if (local.equals("br")) {
                    text.append('\n');
                } else if (local.equals("metadata")) {
                    skipText++;
                }
                String[] outer = speakers.peek();
                String[] mine = speakerOf(atts, outer);
                if (!java.util.Arrays.equals(mine, outer)) {
                    endSegment(outer);
                }
                speakers.push(mine);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (local.equals("name") && name != null) {
                String n = name.toString().replaceAll("\\s+", " ").strip();
                if (depth > 0) {
                    captionName = n.isEmpty() ? null : n;
                } else if (agentId != null && !n.isEmpty()) {
                    agents.putIfAbsent(agentId, n);
                }
                name = null;
            }
            if (local.equals("agent") && depth == 0) {
                agentId = null;
            }
            if (depth == 0) {
                return;
            }
            depth--;
            String[] closed = speakers.pop();
            if (depth == 0) {
                endSegment(closed);
                captions.add(new Caption(pLine, pBegin, pEnd, List.copyOf(segments)));
                segments = null;
                speakers.clear();
                return;
            }
            if (local.equals("metadata")) {
                skipText--;
                if (captionName != null) {
                    // a <ttm:name> in the metadata of a <p> or <span> names the speaker of that element
                    endSegment(speakers.pop());
                    speakers.push(new String[]{null, captionName});
                    captionName = null;
                    return;
                }
            }
            if (!java.util.Arrays.equals(closed, speakers.peek())) {
                endSegment(closed);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (name != null) {
                name.append(ch, start, length);
            } else if (depth > 0 && skipText == 0) {
                text.append(new String(ch, start, length).replaceAll("[ \\t\\r\\n]+", " "));
            }
        }

        private void endSegment(String[] who) {
            if (text != null && !text.toString().isBlank()) {
                segments.add(new Segment(who[0], who[1], text.toString()));
            }
            if (text != null) {
                text.setLength(0);
            }
        }

        private static String[] speakerOf(Attributes atts, String[] outer) {
            String agent = attr(atts, "agent");
            String name = attr(atts, "name");
            if (name != null && !name.isBlank()) {
                return new String[]{null, name.strip()};
            }
            if (agent != null && !agent.isBlank()) {
                return new String[]{agent.strip().split("\\s+")[0], null};
            }
            return outer;
        }

        private static String attr(Attributes atts, String local) {
            for (int i = 0; i < atts.getLength(); i++) {
                if (atts.getLocalName(i).equals(local)) {
                    return atts.getValue(i);
                }
            }
            return null;
        }

        private static String id(Attributes atts) {
            String id = atts.getValue(XMLConstants.XML_NS_URI, "id");
            return id != null ? id : attr(atts, "id");
        }
    }
}
