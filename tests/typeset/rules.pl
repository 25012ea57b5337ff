#!/usr/bin/perl
# rules.pl — checks the line-breaking rules on bbox.pl output (stdin): no line starts with
# a closing mark or 点号, none ends with an opening mark, —— and …… are never split, and
# no number is split across lines.  Prints offending lines; exits 1 if there are any.
use strict;
use warnings;
use utf8;
binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT, ':encoding(UTF-8)';
my $no_start = qr/^[、，。：；！？）》〉」』】〕〗”’·%,.:;!?)\]}]/;
my $no_end = qr/[（《〈「『【〔〖“‘(\[{]$/;
my ($bad, $prev, $n) = (0, undef, 0);
while (my $l = <STDIN>) {
	chomp $l;
	my ($page, $x0, $y0, $x1, $y1, $nc, $t) = split /\t/, $l, 7;
	next unless defined $t && length $t;
	$n++;
	if ($t =~ $no_start) { print "行首禁用: $t\n"; $bad = 1; }
	if ($t =~ $no_end) { print "行尾禁用: $t\n"; $bad = 1; }
	for my $c ('—', '…') {
		if ($t =~ /(\Q$c\E+)$/ && length($1) % 2) { print "拆开了$c$c: $t\n"; $bad = 1; }
		if ($t =~ /^(\Q$c\E+)/ && length($1) % 2) { print "拆开了$c$c: $t\n"; $bad = 1; }
	}
	if (defined $prev && $prev =~ /[0-9][.,]?$/ && $t =~ /^[.,]?[0-9%]/) { print "数字被拆开: $prev | $t\n"; $bad = 1; }
	$prev = $t;
}
print "no lines checked\n" and exit 1 unless $n;
exit $bad;
