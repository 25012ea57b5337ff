#!/usr/bin/perl
# bbox.pl — turns `pdftotext -bbox-layout` XML (stdin) into one line of text per text line:
#   page  xMin  yMin  xMax  yMax (mm from the top-left corner)  nchars  text (spaces removed)
use strict;
use warnings;
binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT, ':encoding(UTF-8)';
my ($page, @box, $text) = (0);
my $mm = 25.4 / 72;
while (my $l = <STDIN>) {
	$page++ if $l =~ /<page /;
	if ($l =~ /<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/) {
		@box = ($1 * $mm, $2 * $mm, $3 * $mm, $4 * $mm);
		$text = '';
	}
	if ($l =~ /<word [^>]*>(.*)<\/word>/) {
		my $w = $1;
		$w =~ s/&lt;/</g; $w =~ s/&gt;/>/g; $w =~ s/&quot;/"/g; $w =~ s/&apos;/'/g; $w =~ s/&amp;/&/g;
		$text .= $w;
	}
	if ($l =~ /<\/line>/) {
		printf "%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%s\n", $page, @box, length($text), $text;
	}
}
