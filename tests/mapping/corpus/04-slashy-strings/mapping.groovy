// Slashy and dollar-slashy strings (mapping.md §2.6, §2.7).
mapping {
  def site = 'web'
  map /plain slashy/ onto 'plain'
  map /a\/b\d+\.html$/ onto 'escapes'
  map /prefix-$site-${'x' + 1} costs $ 5 and \$/ onto 'interpolated'
  map /line1
line2 'single' "double"/ onto 'multiLine'
  map $/dollar $$ slashy $/ with / and \ backslash/$ onto 'dollarSlashy'
  map $/site=$site, ${site + '!'} $ alone/$ onto 'dollarSlashyInterpolated'
  map(/^a+$/) onto 'regexLike'
}
