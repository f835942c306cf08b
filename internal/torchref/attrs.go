package torchref

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// attr returns the raw JSON of attribute name, or ok=false if it is absent or null.
func (c Case) attr(name string) (raw json.RawMessage, ok bool) {
	raw, ok = c.Attrs[name]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, false
	}
	return raw, true
}

// attrError reports attribute name of case c as not being a want.
func (c Case) attrError(name, want string, raw json.RawMessage) error {
	return fmt.Errorf("torchref: %s: attr %q = %s is not %s", c.Path, name, raw, want)
}

// AttrInt returns the integer attribute name. Only JSON integers (no
// fraction or exponent) that fit in an int are accepted.
//
// Like every Attr helper, it returns the value, whether the attribute is
// present (a JSON null counts as absent), and an error if it is present but
// of the wrong JSON type.
func (c Case) AttrInt(name string) (int, bool, error) {
	return attrAs(c, name, "an integer", parseInt)
}

// AttrInts returns the attribute name as a list of integers. A single JSON
// integer n gives []int{n}; expanding it (e.g. a stride applying to both
// spatial dimensions) is up to the caller.
func (c Case) AttrInts(name string) ([]int, bool, error) {
	return attrAs(c, name, "an integer or a list of integers", parseInts)
}

// AttrFloat returns the numeric attribute name; integers are accepted too.
func (c Case) AttrFloat(name string) (float64, bool, error) {
	return attrAs(c, name, "a number", parseFloat)
}

// AttrBool returns the boolean attribute name.
func (c Case) AttrBool(name string) (bool, bool, error) {
	return attrAs(c, name, "a boolean", unmarshalAs[bool])
}

// AttrString returns the string attribute name.
func (c Case) AttrString(name string) (string, bool, error) {
	return attrAs(c, name, "a string", unmarshalAs[string])
}

// attrAs reads attribute name with parse: its value, whether it is present,
// and an error saying it is not a want where parse rejects it.
func attrAs[A any](c Case, name, want string, parse func(json.RawMessage) (A, bool)) (A, bool, error) {
	var zero A
	raw, ok := c.attr(name)
	if !ok {
		return zero, false, nil
	}
	v, ok := parse(raw)
	if !ok {
		return zero, true, c.attrError(name, want, raw)
	}
	return v, true, nil
}

// parseInts parses raw as a JSON integer or a list of them.
func parseInts(raw json.RawMessage) ([]int, bool) {
	if v, ok := parseInt(raw); ok {
		return []int{v}, true
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return nil, false
	}
	ints := make([]int, len(list))
	for i, elem := range list {
		v, ok := parseInt(elem)
		if !ok {
			return nil, false
		}
		ints[i] = v
	}
	return ints, true
}

// parseFloat parses raw as a JSON number.
func parseFloat(raw json.RawMessage) (float64, bool) {
	num, ok := parseNumber(raw)
	if !ok {
		return 0, false
	}
	v, err := num.Float64()
	return v, err == nil
}

// unmarshalAs decodes raw as a JSON value of Go type A (bool, string).
func unmarshalAs[A any](raw json.RawMessage) (A, bool) {
	var v A
	err := json.Unmarshal(raw, &v)
	return v, err == nil
}

// parseNumber returns raw as a json.Number if it is a JSON number (not a
// string that happens to hold digits).
func parseNumber(raw json.RawMessage) (json.Number, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", false
	}
	num, ok := v.(json.Number)
	return num, ok
}

// parseInt parses raw as a JSON integer literal that fits in an int.
func parseInt(raw json.RawMessage) (int, bool) {
	num, ok := parseNumber(raw)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(string(num))
	return v, err == nil
}

// Input returns the op's input i, the tensor "in<i>".
func (c Case) Input(i int) (Tensor64, bool) {
	t, ok := c.Tensors["in"+strconv.Itoa(i)]
	return t, ok
}

// Grad returns the gradient with respect to input i, the tensor "grad<i>";
// it is absent when input i is not differentiated.
func (c Case) Grad(i int) (Tensor64, bool) {
	t, ok := c.Tensors["grad"+strconv.Itoa(i)]
	return t, ok
}
