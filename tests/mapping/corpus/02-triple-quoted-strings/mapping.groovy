// Triple-quoted strings (mapping.md §2.6, §2.7): multi-line, escapes; """ interpolates.
mapping {
  def name = 'world'
  map '''first line
second 'quoted' line''' onto 'tripleSingle'
  map '''no $name interpolation\tand an escape \''' inside''' onto 'tripleSingleEscapes'
  map """hello
$name, "quotes" and 'apostrophes' ok""" onto 'tripleDouble'
  map """${name + '!'}
  indented \$ \"""" onto 'tripleDoubleEscapes'
  map '''''' onto 'emptyTriple'
}
