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
	raw, ok := c.attr(name)
	if !ok {
		return 0, false, nil
	}
	v, ok := parseInt(raw)
	if !ok {
		return 0, true, c.attrError(name, "an integer", raw)
	}
	return v, true, nil
}

// AttrInts returns the attribute name as a list of integers. A single JSON
// integer n gives []int{n}; expanding it (e.g. a stride applying to both
// spatial dimensions) is up to the caller.
func (c Case) AttrInts(name string) ([]int, bool, error) {
	raw, ok := c.attr(name)
	if !ok {
		return nil, false, nil
	}
	if v, ok := parseInt(raw); ok {
		return []int{v}, true, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return nil, true, c.attrError(name, "an integer or a list of integers", raw)
	}
	ints := make([]int, len(list))
	for i, elem := range list {
		v, ok := parseInt(elem)
		if !ok {
			return nil, true, c.attrError(name, "an integer or a list of integers", raw)
		}
		ints[i] = v
	}
	return ints, true, nil
}

// AttrFloat returns the numeric attribute name; integers are accepted too.
func (c Case) AttrFloat(name string) (float64, bool, error) {
	raw, ok := c.attr(name)
	if !ok {
		return 0, false, nil
	}
	num, ok := parseNumber(raw)
	if !ok {
		return 0, true, c.attrError(name, "a number", raw)
	}
	v, err := num.Float64()
	if err != nil {
		return 0, true, c.attrError(name, "a number", raw)
	}
	return v, true, nil
}

// AttrBool returns the boolean attribute name.
func (c Case) AttrBool(name string) (bool, bool, error) {
	raw, ok := c.attr(name)
	if !ok {
		return false, false, nil
	}
	var v bool
	if err := json.Unmarshal(raw, &v); err != nil {
		return false, true, c.attrError(name, "a boolean", raw)
	}
	return v, true, nil
}

// AttrString returns the string attribute name.
func (c Case) AttrString(name string) (string, bool, error) {
	raw, ok := c.attr(name)
	if !ok {
		return "", false, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", true, c.attrError(name, "a string", raw)
	}
	return v, true, nil
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
