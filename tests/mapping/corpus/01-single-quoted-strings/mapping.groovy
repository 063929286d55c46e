// Single-quoted strings (mapping.md §2.6): no interpolation, every escape of the table.
mapping {
  map 'plain' onto 'plain'
  map 'it\'s "quoted" \\ back\\slash' onto 'quotes'
  map 'tab\there\nnext\rcr' onto 'controls'
  map 'b\bf\f' onto 'bf'
  map 'caf\u00e9 \u2603 \u00C9' onto 'unicode'
  map '\101\102\103 \60x \1010 \7' onto 'octal'
  map 'no $interpolation ${here} \$ escaped' onto 'dollars'
  map 'line \
continued' onto 'continued'
  map '' onto 'empty'
  map 'ünïcødé ☃ 𝄞' onto 'literalUnicode'
  map '\"double escaped\"' onto 'dq'
}
