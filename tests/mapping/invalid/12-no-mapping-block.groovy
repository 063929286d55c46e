// A script without any mapping { } block.
def x = 'value'
println x
