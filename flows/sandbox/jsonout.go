package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The services write JSON three ways, and the sandbox writes it as each
// does: serde_json's compact form (Texas), Jackson's indented form with
// Ktor's charset (azure-token-generator), and Go's encoding/json with its
// trailing newline (Wonderwall). Entra's compact answers are written as
// serde_json's.

// obj is a JSON object whose keys keep their order.
type obj []kv

type kv struct {
	k string
	v any
}

// compactJSON is serde_json::to_vec: no spaces, and only '"', '\\' and
// control characters escaped.
func compactJSON(v any) []byte {
	var b strings.Builder
	writeJSON(&b, v, -1)
	return []byte(b.String())
}

// jacksonJSON is Jackson's ObjectMapper with INDENT_OUTPUT (its
// DefaultPrettyPrinter): objects one field a line, two spaces an
// indent, "key" : value, arrays on one line as [ a, b ], and { } and [ ]
// when empty.
func jacksonJSON(v any) []byte {
	var b strings.Builder
	writeJSON(&b, v, 0)
	return []byte(b.String())
}

// writeJSON writes v compact (level < 0) or Jackson-indented at level.
func writeJSON(b *strings.Builder, v any, level int) {
	pretty := level >= 0
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeString(b, v, pretty)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case json.Number:
		b.WriteString(v.String())
	case []string:
		list := make([]any, len(v))
		for i, s := range v {
			list[i] = s
		}
		writeJSON(b, list, level)
	case []any:
		writeArray(b, v, level)
	case map[string]any:
		writeJSON(b, sortedObj(v), level)
	case obj:
		writeObject(b, v, level)
	default:
		panic(fmt.Sprintf("sandbox: no JSON for %T", v))
	}
}

// sortedObj is m with its keys sorted: the services write maps in an
// order of their own (Rust's HashMap: random), the sandbox in a stable one.
func sortedObj(m map[string]any) obj {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	o := make(obj, len(keys))
	for i, k := range keys {
		o[i] = kv{k, m[k]}
	}
	return o
}

func writeArray(b *strings.Builder, list []any, level int) {
	if level >= 0 && len(list) == 0 {
		b.WriteString("[ ]")
		return
	}
	b.WriteByte('[')
	for i, e := range list {
		switch {
		case i > 0 && level >= 0:
			b.WriteString(", ")
		case i > 0:
			b.WriteByte(',')
		case level >= 0:
			b.WriteByte(' ')
		}
		writeJSON(b, e, level)
	}
	if level >= 0 {
		b.WriteByte(' ')
	}
	b.WriteByte(']')
}

func writeObject(b *strings.Builder, o obj, level int) {
	if level >= 0 && len(o) == 0 {
		b.WriteString("{ }")
		return
	}
	b.WriteByte('{')
	indent := "\n" + strings.Repeat("  ", level+1)
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if level >= 0 {
			b.WriteString(indent)
		}
		writeString(b, f.k, level >= 0)
		if level >= 0 {
			b.WriteString(" : ")
			writeJSON(b, f.v, level+1)
		} else {
			b.WriteByte(':')
			writeJSON(b, f.v, -1)
		}
	}
	if level >= 0 {
		b.WriteString("\n" + strings.Repeat("  ", level))
	}
	b.WriteByte('}')
}

// writeString escapes as serde_json (lowercase \u00xx) or Jackson
// (uppercase) do: quote, backslash and control characters only.
func writeString(b *strings.Builder, s string, upperHex bool) {
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case c >= 0x20:
				b.WriteRune(c)
			case upperHex:
				fmt.Fprintf(b, `\u%04X`, c)
			default:
				fmt.Fprintf(b, `\u%04x`, c)
			}
		}
	}
	b.WriteByte('"')
}

// Content types as each service sends them.
const (
	ctAxumJSON  = "application/json"                // axum's Json (Texas); Wonderwall's session JSON
	ctKtorJSON  = "application/json; charset=UTF-8" // Ktor's Jackson converter (the generator)
	ctKtorText  = "text/plain; charset=UTF-8"       // Ktor's respond(String)
	ctEntraJSON = "application/json; charset=utf-8" // Entra ID's token endpoint and metadata
)

// respond writes a whole answer.
func respond(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	w.Write(body)
}
