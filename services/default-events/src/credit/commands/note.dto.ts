import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of cure and write-off: nothing required; a note for the bank's own records may come. */
export class NoteDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
