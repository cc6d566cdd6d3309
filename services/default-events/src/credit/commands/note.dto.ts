import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of cure and write-off: nothing required; a note for the bank's own records may come. */
export class NoteDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'arrears paid in full' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
