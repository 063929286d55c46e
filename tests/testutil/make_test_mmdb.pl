#!/usr/bin/perl
# make_test_mmdb.pl: writes a small MaxMind DB (.mmdb) shaped like GeoIP2 City or Enterprise data,
# for the tests and benchmarks of src/enrich (enrich.md §4). No database is committed: tests build
# theirs at run time with this script and Debian's MaxMind::DB::Writer (libmaxmind-db-writer-perl).
#
# Usage: make_test_mmdb.pl <in.json> <out.mmdb>
#
# Input, a JSON object:
#   {
#     "database_type": "GeoIP2-City",          # required; metadata database_type
#     "ip_version": 6,                         # 4 or 6 (default 6)
#     "record_size": 28,                       # 24, 28 or 32 (default 28)
#     "alias_ipv6_to_ipv4": true,              # ::ffff:0:0/96, 2001::/32, 2002::/16 -> IPv4 (default
#                                              # true, as in MaxMind's databases; IPv6 trees only)
#     "remove_reserved_networks": false,       # drop inserts into private/reserved space (default
#                                              # false so tests may use any network)
#     "types": {"key": "uint32"},              # optional: overrides of the key types below
#     "records": [
#       {"network": "81.2.69.0/24", "data": {"city": {"geoname_id": 2643743, ...}, ...}},
#       {"network": "2a02:db8::/32", "data": {...}}
#     ]
#   }
# IPv4 networks in IPv4 notation are stored in the IPv4 subtree (::/96) of an IPv6 tree, where
# libmaxminddb looks IPv4 addresses up. Records are inserted in order; a later insert overwrites an
# earlier one where they overlap.
#
# Map values are typed by key as in GeoIP2 (geoname_id uint32, metro_code uint16, latitude double,
# names a map of utf8_string, subdivisions an array of maps, is_* boolean, ...). A key not listed is
# a utf8_string.
#
# Check the result with: mmdblookup --file <out.mmdb> --ip 81.2.69.160
use strict;
use warnings;

use JSON::PP ();
use MaxMind::DB::Writer::Tree;

my %kTypes = (
    # Maps.
    city                => 'map',
    continent           => 'map',
    country             => 'map',
    location            => 'map',
    names               => 'map',
    postal              => 'map',
    registered_country  => 'map',
    represented_country => 'map',
    traits              => 'map',
    # Arrays of maps.
    subdivisions => [ 'array', 'map' ],
    # Numbers.
    accuracy_radius          => 'uint16',
    autonomous_system_number => 'uint32',
    confidence               => 'uint16',
    geoname_id               => 'uint32',
    latitude                 => 'double',
    longitude                => 'double',
    metro_code               => 'uint16',
    # Booleans.
    is_anonymous          => 'boolean',
    is_anonymous_proxy    => 'boolean',
    is_anonymous_vpn      => 'boolean',
    is_hosting_provider   => 'boolean',
    is_in_european_union  => 'boolean',
    is_legitimate_proxy   => 'boolean',
    is_public_proxy       => 'boolean',
    is_satellite_provider => 'boolean',
    is_tor_exit_node      => 'boolean',
);

sub ReadJson {
    my ($path) = @_;
    open my $in, '<:raw', $path or die "cannot read $path: $!\n";
    local $/;
    my $text = <$in>;
    close $in;
    return JSON::PP->new->utf8->decode($text);
}

# JSON booleans become plain 0/1 so that the writer stores them as MaxMind booleans.
sub Normalise {
    my ($value) = @_;
    return ( $value ? 1 : 0 ) if JSON::PP::is_bool($value);
    return { map { $_ => Normalise( $value->{$_} ) } keys %$value } if ref $value eq 'HASH';
    return [ map { Normalise($_) } @$value ] if ref $value eq 'ARRAY';
    return $value;
}

sub Main {
    die "usage: $0 <in.json> <out.mmdb>\n" unless @ARGV == 2;
    my ( $in_path, $out_path ) = @ARGV;
    my $spec = ReadJson($in_path);
    die "database_type is required\n" unless defined $spec->{database_type};

    my %types      = ( %kTypes, %{ $spec->{types} // {} } );
    my $ip_version = $spec->{ip_version} // 6;
    my $tree       = MaxMind::DB::Writer::Tree->new(
        ip_version               => $ip_version,
        record_size              => $spec->{record_size} // 28,
        database_type            => $spec->{database_type},
        languages                => ['en'],
        description              => { en => 'divolte-cpp test database' },
        alias_ipv6_to_ipv4       => ( $ip_version == 6 && ( $spec->{alias_ipv6_to_ipv4} // 1 ) ) ? 1 : 0,
        remove_reserved_networks => ( $spec->{remove_reserved_networks} // 0 ) ? 1 : 0,
        map_key_type_callback    => sub { $types{ $_[0] } // 'utf8_string' },
    );
    for my $record ( @{ $spec->{records} // [] } ) {
        $tree->insert_network( $record->{network}, Normalise( $record->{data} ) );
    }

    open my $out, '>:raw', $out_path or die "cannot write $out_path: $!\n";
    $tree->write_tree($out);
    close $out or die "cannot write $out_path: $!\n";
    return 0;
}

exit Main();
