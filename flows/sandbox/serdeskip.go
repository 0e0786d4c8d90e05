package sandbox

// Skipping what a target type does not have, as serde_json does.

// ignoreStr skips a string whose quote is eaten (SliceRead::ignore_str).
func (r *jsonReader) ignoreStr() *serdeError {
	for {
		for r.i < len(r.b) && r.b[r.i] != '"' && r.b[r.i] != '\\' && r.b[r.i] >= 0x20 {
			r.i++
		}
		if r.i == len(r.b) {
			return r.err(errEOFString)
		}
		switch r.b[r.i] {
		case '"':
			r.i++
			return nil
		case '\\':
			r.i++
			if e := r.ignoreEscape(); e != nil {
				return e
			}
		default:
			return r.err(errControl)
		}
	}
}

func (r *jsonReader) ignoreEscape() *serdeError {
	c, ok := r.peek()
	if !ok {
		return r.err(errEOFString)
	}
	r.i++
	switch c {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return nil
	case 'u':
		_, e := r.hex4()
		return e
	}
	return r.err(errEscape)
}

// ignoreValue skips any value, as serde_json does for a field the target
// type does not have (Deserializer::ignore_value).
func (r *jsonReader) ignoreValue() *serdeError {
	var stack []byte
	var enclosing byte
	for {
		c, ok := r.ws()
		if !ok {
			return r.peekErr(errEOFValue)
		}
		var frame byte
		switch {
		case c == 'n' || c == 't' || c == 'f':
			r.i++
			if e := r.ident(identRest[c]); e != nil {
				return e
			}
		case c == '-':
			r.i++
			if e := r.ignoreNumber(); e != nil {
				return e
			}
		case c >= '0' && c <= '9':
			if e := r.ignoreNumber(); e != nil {
				return e
			}
		case c == '"':
			r.i++
			if e := r.ignoreStr(); e != nil {
				return e
			}
		case c == '[' || c == '{':
			if enclosing != 0 {
				stack = append(stack, enclosing)
				enclosing = 0
			}
			r.i++
			frame = c
		default:
			return r.peekErr(errValue)
		}
		acceptComma := false
		if frame == 0 {
			switch {
			case enclosing != 0:
				frame, enclosing = enclosing, 0
			case len(stack) > 0:
				frame, stack = stack[len(stack)-1], stack[:len(stack)-1]
			default:
				return nil
			}
			acceptComma = true
		}
		for {
			c, ok := r.ws()
			if !ok {
				return r.peekErr(map[byte]string{'[': errEOFList, '{': errEOFObject}[frame])
			}
			if c == ',' && acceptComma {
				r.i++
				break
			}
			if !(c == ']' && frame == '[') && !(c == '}' && frame == '{') {
				if acceptComma {
					return r.peekErr(map[byte]string{'[': errListCommaEnd, '{': errObjCommaEnd}[frame])
				}
				break
			}
			r.i++
			if len(stack) == 0 {
				return nil
			}
			frame, stack = stack[len(stack)-1], stack[:len(stack)-1]
			acceptComma = true
		}
		if frame == '{' {
			if e := r.ignoreKey(); e != nil {
				return e
			}
		}
		enclosing = frame
	}
}

// ignoreKey skips `"key":` inside an ignored object.
func (r *jsonReader) ignoreKey() *serdeError {
	c, ok := r.ws()
	switch {
	case !ok:
		return r.peekErr(errEOFObject)
	case c != '"':
		return r.peekErr(errKeyString)
	}
	r.i++
	if e := r.ignoreStr(); e != nil {
		return e
	}
	return r.colon()
}

// colon reads the ':' after a key (parse_object_colon).
func (r *jsonReader) colon() *serdeError {
	c, ok := r.ws()
	switch {
	case !ok:
		return r.peekErr(errEOFObject)
	case c != ':':
		return r.peekErr(errColon)
	}
	r.i++
	return nil
}

// ignoreNumber skips a number (ignore_integer, ignore_decimal,
// ignore_exponent).
func (r *jsonReader) ignoreNumber() *serdeError {
	c := r.peekOrNull()
	if r.i < len(r.b) {
		r.i++
	}
	switch {
	case c == '0':
		if d := r.peekOrNull(); d >= '0' && d <= '9' {
			return r.peekErr(errNumber)
		}
	case c >= '1' && c <= '9':
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
	default:
		return r.err(errNumber)
	}
	if r.peekOrNull() == '.' {
		r.i++
		n := r.i
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
		if r.i == n {
			return r.peekErr(errNumber)
		}
	}
	if d := r.peekOrNull(); d == 'e' || d == 'E' {
		r.i++
		if d := r.peekOrNull(); d == '+' || d == '-' {
			r.i++
		}
		c := r.peekOrNull()
		if r.i < len(r.b) {
			r.i++
		}
		if c < '0' || c > '9' {
			return r.err(errNumber)
		}
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
	}
	return nil
}
